import Foundation
import ReviewFormats

// `CatalogViewer export CATALOG FOLDER`: the library alone, as an app uses
// it: one line to read, one call per format to export, every built-in format.
if CommandLine.arguments.count == 4, CommandLine.arguments[1] == "export" {
  let catalog = try Catalog(contentsOf: URL(fileURLWithPath: CommandLine.arguments[2]))
  let folder = URL(fileURLWithPath: CommandLine.arguments[3])
  let name = URL(fileURLWithPath: CommandLine.arguments[2]).deletingPathExtension().lastPathComponent
  for exporter in BuiltInFormats.exporters {
    let format = CatalogFormat(exporter.format.name)
    let url = folder.appendingPathComponent("\(name).\(exporter.format.fileExtension)")
    if exporter.format.layout == .file {
      try catalog.encoded(as: format).write(to: url)
    } else {
      try catalog.write(to: url, as: format)
    }
  }
  print("exported \(catalog.reviews.count) reviews to \(BuiltInFormats.exporters.count) formats")
  exit(0)
}

// Each exported resource, reached through the generated typed accessors.
func show(_ label: String, _ url: URL) throws {
  let text = try String(contentsOf: url, encoding: .utf8)
  let firstLine = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
  print("\(label): \(url.lastPathComponent), \(text.utf8.count) bytes, first line: \(firstLine)")
}

try show("json", ReviewExports.worldCinema.json)
try show("xml", ReviewExports.worldCinema.xml)
try show("yaml", ReviewExports.worldCinema.yaml)
try show("csv", ReviewExports.worldCinema.csv)
try show("hostile json", ReviewExports.hostileStrings.json)
try show("hostile yaml", ReviewExports.hostileStrings.yaml)

let catalog = try JSONSerialization.jsonObject(with: Data(contentsOf: ReviewExports.worldCinema.json)) as! [String: Any]
let reviews = catalog["reviews"] as! [[String: Any]]
print("headline: \(reviews[0]["headline"] as! String)")

// The typed load: the bundled JSON, read and validated by the library.
let loaded = try ReviewExports.worldCinema.catalog()
print("loaded: \(loaded.reviews.count) reviews, first by \(loaded.reviews[0].critic)")

import Foundation

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

import Foundation
import FuzzSupport
import ReviewExporting

/// Any bytes as the reviews table of an otherwise valid csv-tables folder.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let folder = FuzzTables.folder
  try? Data(bytes: start, count: count).write(to: URL(fileURLWithPath: folder + "/reviews.csv"))
  _ = try? FuzzSupport.loader.load(CatalogSource(directory: folder), with: FuzzSupport.registry.reader(named: "csv-tables")!)
  return 0
}

enum FuzzTables {
  /// A folder with every table of a small valid catalog, made once.
  static let folder: String = {
    let path = NSTemporaryDirectory() + "/review-export-fuzz-tables-\(getpid())"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    let output = ExportDestination(directory: path, options: try! FuzzSupport.registry.exporter(named: "csv-tables")!.format.resolveOptions([:]))
    let seed = #"{"formatVersion":1,"catalog":{"id":"c","title":"t"},"people":[{"id":"p","name":"P"}],"works":[{"id":"w","kind":"film","title":"W","languages":[],"countries":[],"genres":[],"credits":[],"boxOffice":[],"rankings":[],"availability":[]}],"reviews":[]}"#
    let head = Array(seed.utf8).withUnsafeBytes { FuzzSupport.read($0, as: "json") }!
    try! FuzzSupport.registry.exporter(named: "csv-tables")!.export(head, to: output)
    for member in output.members { try! member.sink.close() }
    return path
  }()
}

import Foundation
import FuzzSupport
import ReviewCatalog
import ReviewExporting

/// Any bytes, read whole and streamed: the same catalog and the same JSON
/// output, or the same problems, in the same words and places.
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-json-stream-\(getpid())")
let input = folder.appendingPathComponent("fuzz.json").path
let output = folder.appendingPathComponent("out")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  try? FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
  FileManager.default.createFile(atPath: input, contents: Data(bytes: start, count: count))
  let whole: Result<Catalog, Error> = Result { try FuzzSupport.loader.load(path: input) }
  let streamed: Result<Void, Error>
  do {
    guard let stream = try FuzzSupport.loader.openStream(path: input) else { return 0 }
    let json = FuzzSupport.registry.exporter(named: "json")!
    let job = ExportJob.Output(
      exporter: json, options: try json.format.resolveOptions([:]), destination: output.appendingPathComponent("fuzz.json").path)
    streamed = Result { _ = try ExportJob.stream(from: stream, to: [job]) }
  } catch {
    streamed = .failure(error)
  }
  switch (whole, streamed) {
  case (.success(let catalog), .success):
    let bytes = try! Data(contentsOf: output.appendingPathComponent("fuzz.json"))
    precondition(Array(bytes) == FuzzSupport.export(catalog, as: "json"), "streamed JSON differs from the whole catalog's")
  case (.failure(let a as CatalogError), .failure(let b as CatalogError)):
    precondition(a.diagnostics == b.diagnostics, "different problems:\n\(a.diagnostics)\n---\n\(b.diagnostics)")
  case (_, .failure(is StreamOrderError)):
    break  // the tool reads such a catalog whole
  default:
    preconditionFailure("whole: \(whole), streamed: \(streamed)")
  }
  return 0
}

import Foundation
import ReviewCatalog
import ReviewExportCLI
import ReviewExporting
import YAMLFormat

/// What the fuzz targets share: the tool's formats, and reading a catalog the way the tool does.
public enum FuzzSupport {
  public static let registry = try! BuiltInFormats.registry()
  public static let loader = CatalogLoader(registry: registry)

  /// Reads `bytes` as `format`, as the tool would: a catalog, or its problems. Must never crash.
  public static func read(_ bytes: UnsafeRawBufferPointer, as format: String) -> Catalog? {
    let reader = registry.reader(named: format)!
    return try? loader.load(CatalogSource(name: "fuzz.\(format)", bytes: Array(bytes)), with: reader)
  }

  /// The bytes a format writes for `catalog`, or nil when the format cannot carry it.
  public static func export(_ catalog: Catalog, as format: String, options: [String: String] = [:]) -> [UInt8]? {
    let exporter = registry.exporter(named: format)!
    guard let resolved = try? exporter.format.resolveOptions(options) else { return nil }
    let output = ExportDestination(sink: .memory(), options: resolved)
    guard (try? exporter.export(catalog, to: output)) != nil else { return nil }
    return output.sink.bytes
  }

  /// Reads `bytes` as a `format` file both whole and streamed, and stops the
  /// process unless both give the same JSON output or the same problems.
  public static func compareWholeAndStreamed(_ bytes: UnsafeRawBufferPointer, as format: String) {
    let folder = scratchFolder
    let input = folder.appendingPathComponent("fuzz.\(format)").path
    let output = folder.appendingPathComponent("out")
    try? FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: input, contents: Data(bytes))
    let whole: Result<Catalog, Error> = Result { try loader.load(path: input) }
    let streamed: Result<Void, Error>
    do {
      guard let stream = try loader.openStream(path: input) else { return }
      let json = registry.exporter(named: "json")!
      let job = ExportJob.Request(
        exporter: json, options: try json.format.resolveOptions([:]), destination: output.appendingPathComponent("fuzz.json").path)
      streamed = Result { _ = try ExportJob.export(.stream(stream), to: [job]) }
    } catch {
      streamed = .failure(error)
    }
    switch (whole, streamed) {
    case (.success(let catalog), .success):
      let written = try! Data(contentsOf: output.appendingPathComponent("fuzz.json"))
      precondition(Array(written) == export(catalog, as: "json"), "streamed JSON differs from the whole catalog's")
    case (.failure(let a as CatalogError), .failure(let b as CatalogError)):
      precondition(a.diagnostics == b.diagnostics, "different problems:\n\(a.diagnostics)\n---\n\(b.diagnostics)")
    case (_, .failure(is StreamOrderError)):
      break  // the tool reads such a catalog whole
    default:
      preconditionFailure("whole: \(whole), streamed: \(streamed)")
    }
  }

  /// Reads `bytes` as YAML with one parser and in chunks of `chunkSize`
  /// bytes, and stops the process unless both give the same catalog or the
  /// same problems.
  public static func compareWholeAndChunkedYAML(_ bytes: UnsafeRawBufferPointer, chunkSize: Int) {
    let source = CatalogSource(name: "fuzz.yaml", bytes: Array(bytes))
    let whole = Result { try loader.load(source, with: YAMLReader(parseChunkSize: .max)) }
    let chunked = Result { try loader.load(source, with: YAMLReader(parseChunkSize: chunkSize)) }
    switch (whole, chunked) {
    case (.success(let a), .success(let b)):
      precondition(export(a, as: "json") == export(b, as: "json"), "the catalog read in chunks differs")
    case (.failure(let a as CatalogError), .failure(let b as CatalogError)):
      // libyaml checks its input some kilobytes ahead of where it parses: one
      // parser can stop at a byte that is not YAML text before problems that
      // chunks find in the lines before it. The error that stops is the same.
      if let last = a.diagnostics.last, last.description.contains("YAML text is UTF-8 without control characters") {
        precondition(b.diagnostics.last == last, "different stops:\n\(a.diagnostics)\n---\n\(b.diagnostics)")
      } else {
        precondition(a.diagnostics == b.diagnostics, "different problems:\n\(a.diagnostics)\n---\n\(b.diagnostics)")
      }
    default:
      preconditionFailure("whole: \(whole), in chunks: \(chunked)")
    }
  }

  private static let scratchFolder = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-stream-\(getpid())")
}

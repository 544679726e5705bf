import Foundation
import ReviewCatalog
import ReviewExportCLI
import ReviewExporting

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
    let output = ExportOutput(sink: .memory(), options: resolved)
    guard (try? exporter.export(catalog, to: output)) != nil else { return nil }
    return output.sink.bytes
  }
}

import ReviewCatalog
import ReviewExporting

extension Render {
  /// The files a folder format writes for `catalog`, by name, in memory.
  public static func members(
    _ exporter: any Exporter, _ catalog: Catalog, options: [String: String] = [:]
  ) throws -> [String: [UInt8]] {
    let output = ExportDestination(directory: nil, options: try exporter.format.resolveOptions(options))
    try exporter.export(catalog, to: output)
    return Dictionary(uniqueKeysWithValues: output.members.map { ($0.name, $0.sink.bytes) })
  }
}

import JSONFormat
import ReviewExporting

/// The formats that come with the tool: one table, in the order they are listed.
public enum BuiltInFormats {
  /// Every built-in exporter.
  public static let exporters: [any Exporter] = [JSONExporter()]

  /// Every built-in reader.
  public static let readers: [any CatalogReader] = [JSONReader()]

  /// A registry holding every built-in format.
  public static func registry() throws -> FormatRegistry {
    try FormatRegistry(exporters: exporters, readers: readers)
  }
}

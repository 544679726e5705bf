import CSVFormat
import JSONFormat
import SQLiteFormat
import TemplateFormat
import XLSXFormat
import XMLFormat
import YAMLFormat
import ReviewExporting

/// The formats that come with the library and the tool: one table, in the
/// order they are listed.
public enum BuiltInFormats {
  /// Every built-in exporter.
  public static let exporters: [any Exporter] = [
    JSONExporter(), XMLExporter(), YAMLExporter(), CSVExporter(), CSVTablesExporter(), SQLiteExporter(), XLSXExporter(), JSONLinesExporter(), JSONLDExporter(),
    AtomExporter(),
    // The built-in templates are constants; a failure to parse them is a bug caught by the tests.
    try! TemplateExporter.markdown(), try! TemplateExporter.html(structuredData: JSONLDExporter()),
  ]

  /// Every built-in reader.
  public static let readers: [any CatalogReader] = [JSONReader(), XMLReader(), YAMLReader(), CSVTablesReader(), SQLiteReader(), JSONLinesReader()]

  /// The schemas `review-export schema FORMAT` prints, by format name.
  public static let schemas: [String: String] = ["json": JSONSchemaText.text, "xml": XMLSchema.text]

  /// A registry holding every built-in format, and `adding` exporters of
  /// your own (an `Exporter` of your package, or `ExternalExporter`s).
  public static func registry(adding extra: [any Exporter] = []) throws -> FormatRegistry {
    try FormatRegistry(exporters: exporters + extra, readers: readers)
  }

  /// A registry of the built-in formats, made once.
  public static let shared = try! registry()
}

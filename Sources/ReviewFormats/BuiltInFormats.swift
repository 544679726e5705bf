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
  public static var schemas: [String: String] {
    Dictionary(uniqueKeysWithValues: formatsWithSchemas.map { ($0, schema(for: $0)!) })
  }

  /// The names of the formats that have a schema, in order.
  public static let formatsWithSchemas = ["json", "xml"]

  /// The schema `format`'s output validates against, or `nil` if it has
  /// none. Made when asked for: the JSON schema is written out from the
  /// catalog's shape, which is not a cost every run of the tool should pay.
  public static func schema(for format: String) -> String? {
    switch format {
    case "json": JSONSchemaText.text
    case "xml": XMLSchema.text
    default: nil
    }
  }

  /// A registry holding every built-in format, and `adding` exporters of
  /// your own (an `Exporter` of your package, or `ExternalExporter`s).
  public static func registry(adding extra: [any Exporter] = []) throws -> FormatRegistry {
    try FormatRegistry(exporters: exporters + extra, readers: readers)
  }

  /// A registry of the built-in formats, made once.
  public static let shared = try! registry()
}

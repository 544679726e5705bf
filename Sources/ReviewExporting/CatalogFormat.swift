/// A format a catalog is read from or exported to, by name: `.json`,
/// `.yaml`, … for the built-in ones, or `"ical"` for an exporter you add
/// (`BuiltInFormats.registry(adding:)`, in ReviewFormats).
public struct CatalogFormat: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
  /// The format's name, as `review-export formats` lists it.
  public let name: String

  /// The format named `name` (case does not matter).
  public init(_ name: String) {
    self.name = name.lowercased()
  }

  /// The format named by a string literal: `"json"`.
  public init(stringLiteral name: String) {
    self.init(name)
  }

  /// The name.
  public var description: String { name }

  /// The canonical JSON.
  public static let json = CatalogFormat("json")
  /// XML, valid against the format's XSD.
  public static let xml = CatalogFormat("xml")
  /// YAML.
  public static let yaml = CatalogFormat("yaml")
  /// One row per review, for spreadsheets (lossy).
  public static let csv = CatalogFormat("csv")
  /// A folder of CSV tables (lossless).
  public static let csvTables = CatalogFormat("csv-tables")
  /// A SQLite database.
  public static let sqlite = CatalogFormat("sqlite")
  /// An Excel workbook.
  public static let xlsx = CatalogFormat("xlsx")
  /// A folder of JSON Lines files.
  public static let jsonl = CatalogFormat("jsonl")
  /// A Markdown digest.
  public static let markdown = CatalogFormat("markdown")
  /// A self-contained HTML page.
  public static let html = CatalogFormat("html")
}

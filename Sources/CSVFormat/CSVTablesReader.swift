import ReviewCatalog
import ReviewExporting

/// Reads a `csv-tables` folder back into a catalog.
///
/// Every table must be there with its exact header. Fields follow RFC 4180
/// (quoted fields may hold commas, quotes and line breaks; CRLF or LF; a
/// byte order mark is skipped). Every problem is reported with its file,
/// line and column: a row with the wrong number of fields, a value of the
/// wrong type, a child row whose parent id is in no parent row, positions
/// that do not run 0, 1, 2, ….
public struct CSVTablesReader: CatalogReader {
  /// Creates the reader.
  public init() {}

  /// `csv-tables`.
  public var formatName: String { "csv-tables" }
  /// `tables`: folders named `<name>.tables`.
  public var fileExtensions: [String] { ["tables"] }
  /// A catalog in this format is a folder.
  public var readsFolders: Bool { true }

  /// Reads the folder `source.directory`.
  public func read(_ source: CatalogSource) throws(CatalogError) -> DecodedCatalog {
    guard let directory = source.directory else {
      throw CatalogError([Diagnostic(message: "csv-tables reads a folder of tables, not a single file")])
    }
    let (catalog, rows) = try CSVTableRows.decode(directory: directory)
    return DecodedCatalog(catalog: catalog, problems: rows.problems)
  }

  /// Where each value came from: its table, line and column.
  public func locate(_ paths: Set<CatalogPath>, in source: CatalogSource) -> [CatalogPath: SourceLocation] {
    guard let directory = source.directory else { return [:] }
    return (try? CSVTableRows.decode(directory: directory, locating: true))?.1.locations ?? [:]
  }
}

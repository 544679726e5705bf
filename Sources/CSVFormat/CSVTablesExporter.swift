import ReviewCatalog
import ReviewExporting

/// Exports a catalog losslessly as a folder of CSV tables, `<name>.tables/`,
/// described by a Frictionless `datapackage.json` (``CSVDataPackage``).
///
/// One table for the catalog's info, people, works and reviews, and one child
/// table per list (the layout of `CatalogTables`). An absent optional value is an empty
/// cell; a present but empty text is `""`. Reading the folder back gives the
/// same catalog, unless `formula-guard` is on: it prefixes text cells that a
/// spreadsheet would run as formulas with `'`, which then reads back as part
/// of the text.
public struct CSVTablesExporter: SplittableExporter {
  /// Creates the exporter.
  public init() {}

  /// The `csv-tables` format.
  public let format = FormatDescriptor(
    name: "csv-tables", fileExtension: "tables", mediaType: "text/csv",
    summary: "A folder of CSV tables (catalog, people, works, reviews and one per list) that reads back losslessly.",
    options: CSVDialect.options + [CSVDialect.formulaGuardOption], layout: .directory)

  /// Creates every table and returns the writer of their rows: the one tree
  /// walk, turned into rows by ``CatalogTableWriter``.
  public func beginSplittable(_ catalog: Catalog, to output: ExportDestination) throws -> any SplittableCatalogWriter {
    let dialect = CSVDialect(output.options, spreadsheet: false)
    var writers: [CSVWriter] = []
    for table in CatalogTables.layout.tables {
      let writer = try CSVWriter(sink: try output.member(named: table.fileName), dialect: dialect)
      try writer.writeHeader(table.columnNames)
      writers.append(writer)
    }
    let package = try output.member(named: CSVDataPackage.fileName)
    try package.write(CSVDataPackage.descriptor(dialect: dialect, name: catalog.info.id, title: catalog.info.title))
    var parts = CatalogTreeParts(CatalogTableWriter(sink: CSVTableFiles(writers: writers)))
    try parts.start(formatVersion: catalog.formatVersion, info: catalog.info)
    return CSVTablesCatalogWriter(parts: parts)
  }
}

/// The files of every table, in ``CatalogTables`` order: each row becomes a
/// record of its table's file.
struct CSVTableFiles: TableRowSink {
  let writers: [CSVWriter]

  func write(row cells: [TableCell], of table: CatalogTable) throws {
    let writer = writers[table.index]
    for (index, cell) in cells.enumerated() {
      let first = index == 0
      switch cell {
      case .absent: try writer.write(.absent, first: first)
      case .text(let text): try writer.write(.text(text), first: first)
      case .integer(let value): try writer.write(.number(String(value)), first: first)
      case .number(let value): try writer.write(.number(value.description), first: first)
      }
    }
    try writer.endRow()
  }
}

extension CatalogTable {
  /// The table's file in a `csv-tables` folder: `work-genres.csv`.
  var fileName: String { name + ".csv" }
}

/// The tree walk over the CatalogTableWriter, compiled for it.
struct CSVTablesCatalogWriter: TreeCatalogWriter {
  var parts: CatalogTreeParts<CatalogTableWriter<CSVTableFiles>>
}

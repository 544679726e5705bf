import Foundation
import ReviewCatalog
import ReviewExporting

/// Exports a catalog as a SQLite database (`.sqlite`), through the system
/// SQLite: the tables of `csv-tables` with keys, references, checks and
/// indexes, a view with the `csv` table (`review_sheet`) and a full-text
/// index over the reviews (`review_search`). It reads back losslessly.
///
/// The database is built in a scratch file beside the output (one
/// transaction, prepared statements, no journal while building: the file is
/// not in place yet), indexed and analysed once the rows are in, then
/// copied into the output, which is committed like every other. The same
/// catalog gives the same bytes with the same SQLite version.
public struct SQLiteExporter: StreamingExporter {
  /// Creates the exporter.
  public init() {}

  /// The `sqlite` format.
  public let format = FormatDescriptor(
    name: "sqlite", fileExtension: "sqlite", mediaType: "application/vnd.sqlite3",
    summary: "A SQLite database: a table per collection and list, keys, checks, a csv-like view and full-text search.",
    options: [
      OptionDescriptor(
        name: "full-text", kind: .boolean, defaultValue: .boolean(true),
        help: "Add the FTS5 index review_search over review headlines, summaries and bodies."),
      OptionDescriptor(
        name: "analyze", kind: .boolean, defaultValue: .boolean(true),
        help: "Run ANALYZE once the rows are in, so that queries plan well from the start."),
    ])

  /// Creates the database in a scratch file and returns the writer of its rows.
  public func begin(_ catalog: Catalog, to output: ExportDestination) throws -> any CatalogWriter {
    let path = output.makeScratchPath(named: "catalog.sqlite")
    let builder = try SQLiteBuilder(
      path: path, sink: output.sink, fullText: output.options.boolean("full-text"), analyze: output.options.boolean("analyze"))
    var parts = CatalogTreeParts(CatalogTableWriter(sink: builder))
    try parts.start(formatVersion: catalog.formatVersion, info: catalog.info)
    return SQLiteCatalogWriter(parts: parts)
  }
}

/// Builds the database: the tables first, each row inserted as it comes,
/// then indexes, the full-text index, statistics, and the copy into the sink.
struct SQLiteBuilder: TableRowSink {
  let path: String
  let sink: ByteSink
  let fullText: Bool
  let analyze: Bool
  private let database: SQLiteDatabase
  /// One prepared INSERT per table, in layout order.
  private let inserts: [SQLiteStatement]
  /// The next position of each table that has one of the schema's own.
  private var positions: [Int64]

  init(path: String, sink: ByteSink, fullText: Bool, analyze: Bool) throws {
    self.path = path
    self.sink = sink
    self.fullText = fullText
    self.analyze = analyze
    database = try SQLiteDatabase(creatingAt: path)
    do {
      try database.execute(
        """
        PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF;
        PRAGMA locking_mode = EXCLUSIVE;
        PRAGMA foreign_keys = OFF;
        PRAGMA cache_size = -32768;
        PRAGMA page_size = 8192;
        PRAGMA application_id = \(SQLiteSchema.applicationID);
        PRAGMA user_version = \(Catalog.currentFormatVersion);
        BEGIN;
        """)
      for statement in SQLiteSchema.createTables() { try database.execute(statement) }
      var inserts: [SQLiteStatement] = []
      for table in CatalogTables.layout.tables {
        var columns = table.columns.map { SQLiteSchema.quoted(SQLiteSchema.name(of: $0)) }
        if SQLiteSchema.hasOwnPosition(table) { columns.append("position") }
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        inserts.append(
          try database.prepare(
            "INSERT INTO \(SQLiteSchema.name(of: table)) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))"))
      }
      self.inserts = inserts
    } catch {
      throw ExportError("SQLite could not create the database: \(error.message)")
    }
    positions = Array(repeating: 0, count: CatalogTables.layout.tables.count)
  }

  mutating func write(row cells: [TableCell], of table: CatalogTable) throws {
    let insert = inserts[table.index]
    for (index, cell) in cells.enumerated() {
      let parameter = Int32(index + 1)
      switch cell {
      case .absent: insert.bindNull(parameter)
      case .text(let text): insert.bind(parameter, text)
      case .integer(let value): insert.bind(parameter, value)
      case .number(let value): insert.bind(parameter, value)
      }
    }
    if SQLiteSchema.hasOwnPosition(table) {
      insert.bind(Int32(cells.count + 1), positions[table.index])
      positions[table.index] += 1
    }
    do {
      try insert.step()
    } catch {
      throw ExportError("SQLite refused a row of \(SQLiteSchema.name(of: table)): \(error.message)")
    }
    insert.reset()
  }

  /// Commits the rows, adds indexes, the full-text index and statistics,
  /// then copies the database into the sink.
  mutating func finish() throws {
    do {
      try database.execute("COMMIT; BEGIN")
      for statement in SQLiteSchema.createIndexes() { try database.execute(statement) }
      try database.execute(SQLiteSchema.createSheet)
      if fullText {
        guard database.hasFullTextSearch else {
          throw SQLiteError("this SQLite has no FTS5; use --option sqlite.full-text=false")
        }
        try database.execute(SQLiteSchema.createSearch)
        try database.execute(SQLiteSchema.fillSearch)
      }
      try database.execute("COMMIT")
      if analyze { try database.execute("ANALYZE") }
      let violations = try database.integer("SELECT count(*) FROM pragma_foreign_key_check")
      guard violations == 0 else { throw SQLiteError("\(violations) rows refer to rows that are not there") }
    } catch let error as SQLiteError {
      throw ExportError("SQLite could not finish the database: \(error.message)")
    }
    try sink.write(contentsOfFile: path)
  }
}

/// The tree walk over the CatalogTableWriter, compiled for it.
struct SQLiteCatalogWriter: TreeCatalogWriter {
  var parts: CatalogTreeParts<CatalogTableWriter<SQLiteBuilder>>
}

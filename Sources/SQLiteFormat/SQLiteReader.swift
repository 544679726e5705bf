import ReviewCatalog
import ReviewExporting

/// Reads a catalog back from a database the `sqlite` format wrote, or one
/// edited since with other tools within its schema.
///
/// The file's bytes are opened as a read-only database in memory, so the
/// file itself is never touched; only the catalog's tables are read (extra
/// tables, views and triggers are ignored and never run), in the order of
/// their `position` columns. A database another program made (its
/// `application_id` is not ours), or a newer catalog format
/// (`user_version`), is refused. Problems name the table, the row (its
/// `rowid`) and the column.
public struct SQLiteReader: CatalogReader {
  /// Creates the reader.
  public init() {}

  /// `sqlite`.
  public var formatName: String { "sqlite" }
  /// `sqlite`, `db`, `sqlite3`.
  public var fileExtensions: [String] { ["sqlite", "sqlite3", "db"] }

  /// Reads the database in `source.bytes`.
  public func read(_ source: CatalogSource) throws(CatalogError) -> DecodedCatalog {
    let rows = try SQLiteTableRows(name: source.name, bytes: source.bytes)
    var decoder = CatalogTableDecoder(source: rows)
    do {
      let catalog = try decoder.decode()
      return DecodedCatalog(catalog: catalog, problems: decoder.source.problems)
    } catch {
      throw CatalogError([Diagnostic(file: source.name, message: "\(error)")])
    }
  }

  /// A database has no lines and columns: problems found later name their
  /// path (`reviews[3].published`), which is the review of position 3.
  public func locate(_ paths: Set<CatalogPath>, in source: CatalogSource) -> [CatalogPath: SourceLocation] { [:] }
}

/// The rows of the catalog's tables in a database, for `CatalogTableDecoder`.
struct SQLiteTableRows: CatalogTableSource {
  /// The file, as diagnostics name it.
  let name: String
  var problems: [Diagnostic] = []
  /// Each table's rows, by table index, and each row's rowid.
  private var values: [[[SQLiteValue]]] = []
  private var rowIDs: [[Int64]] = []

  init(name: String, bytes: [UInt8]) throws(CatalogError) {
    self.name = name
    func refuse(_ message: String) -> CatalogError { CatalogError([Diagnostic(file: name, message: message)]) }
    guard bytes.starts(with: Array("SQLite format 3\0".utf8)) else {
      throw refuse("not a SQLite database (it does not begin with SQLite's header); the sqlite format reads databases review-export wrote")
    }
    let database: SQLiteDatabase
    do {
      database = try SQLiteDatabase(readingImage: bytes)
      let application = try database.integer("PRAGMA application_id")
      guard application == SQLiteSchema.applicationID else {
        throw refuse(
          "a SQLite database, but not a review catalog: its application_id is \(application), not \(SQLiteSchema.applicationID); "
            + "the sqlite format reads databases review-export wrote (export one with --format sqlite)")
      }
      let version = try database.integer("PRAGMA user_version")
      guard version <= Catalog.currentFormatVersion else {
        throw refuse(
          "written for catalog format \(version) (its user_version), which is newer than this review-export reads (\(Catalog.currentFormatVersion)); use a newer review-export"
        )
      }
      for table in CatalogTables.layout.tables {
        let (rows, ids) = try Self.rows(of: table, in: database, refuse: refuse)
        values.append(rows)
        rowIDs.append(ids)
      }
    } catch let error as CatalogError {
      throw error
    } catch let error as SQLiteError {
      throw refuse("SQLite cannot read it: \(error.message)")
    } catch {
      throw refuse("cannot read it: \(error)")
    }
  }

  /// Every row of `table`, in position order, with its rowid.
  private static func rows(
    of table: CatalogTable, in database: SQLiteDatabase, refuse: (String) -> CatalogError
  ) throws -> ([[SQLiteValue]], [Int64]) {
    let sqlName = SQLiteSchema.name(of: table)
    let kind = try database.prepare("SELECT type FROM sqlite_schema WHERE name = ?1 COLLATE NOCASE")
    kind.bind(1, sqlName)
    guard try kind.step() else { throw refuse("the table \(sqlName) is missing; a catalog database has \(tableNames)") }
    guard kind.text(0) == "table" else {
      throw refuse("\(sqlName) is a \(kind.text(0)), not a table; a catalog database keeps its rows in tables")
    }
    let columns = table.columns.map { SQLiteSchema.name(of: $0) }
    let present = try database.prepare("SELECT name FROM pragma_table_info(?1)")
    present.bind(1, sqlName)
    var names: Set<String> = []
    while try present.step() { names.insert(present.text(0)) }
    let wanted = columns + (SQLiteSchema.hasOwnPosition(table) ? ["position"] : [])
    for column in wanted where !names.contains(column) {
      throw refuse("the table \(sqlName) has no column \(column); its columns must be \(wanted.joined(separator: ", "))")
    }
    let order = SQLiteSchema.hasOwnPosition(table) ? "position, rowid" : "rowid"
    let select = try database.prepare(
      "SELECT rowid, \(columns.map { "\"\($0)\"" }.joined(separator: ", ")) FROM main.\"\(sqlName)\" ORDER BY \(order)")
    var rows: [[SQLiteValue]] = []
    var ids: [Int64] = []
    while try select.step() {
      ids.append(select.integer(0))
      rows.append((1...Int32(columns.count)).map { select.value($0) })
    }
    return (rows, ids)
  }

  private static var tableNames: String {
    CatalogTables.layout.tables.map { SQLiteSchema.name(of: $0) }.joined(separator: ", ")
  }

  // MARK: CatalogTableSource

  func rowCount(of table: CatalogTable) -> Int { values[table.index].count }

  func hasValue(_ table: CatalogTable, row: Int, column: Int) -> Bool { values[table.index][row][column] != .null }

  func text(_ table: CatalogTable, row: Int, column: Int) -> String {
    switch values[table.index][row][column] {
    case .text(let text): text
    case .integer(let value): String(value)
    case .real(let value): value.description
    case .null, .blob: ""
    }
  }

  mutating func readText(_ table: CatalogTable, row: Int, column: Int, path: CatalogPath) -> String? {
    let value = values[table.index][row][column]
    if case .text(let text) = value { return text }
    report(table, row: row, column: column, path: path, "expected a text, found \(value.described)")
    return nil
  }

  mutating func readInteger(_ table: CatalogTable, row: Int, column: Int, path: CatalogPath) -> Int64? {
    let value = values[table.index][row][column]
    if case .integer(let integer) = value { return integer }
    report(table, row: row, column: column, path: path, "expected an integer, found \(value.described)")
    return nil
  }

  mutating func readDouble(_ table: CatalogTable, row: Int, column: Int, path: CatalogPath) -> Double? {
    switch values[table.index][row][column] {
    case .real(let value): return value
    case .integer(let value): return Double(value)
    case let other:
      report(table, row: row, column: column, path: path, "expected a number, found \(other.described)")
      return nil
    }
  }

  mutating func report(_ table: CatalogTable, row: Int?, column: Int?, path: CatalogPath?, _ message: String) {
    var place = "table \(SQLiteSchema.name(of: table))"
    if let row { place += ", rowid \(rowIDs[table.index][row])" }
    if let column { place += ", column \(SQLiteSchema.name(of: table.columns[column]))" }
    problems.append(Diagnostic(file: name, path: path, message: "\(place): \(message)"))
  }

  func missingValueMessage(_ table: CatalogTable, column: Int) -> String {
    "\(SQLiteSchema.name(of: table.columns[column])) must not be NULL"
  }

  func displayName(of table: CatalogTable) -> String { "the table \(SQLiteSchema.name(of: table))" }

  mutating func locate(_ path: CatalogPath, _ table: CatalogTable, row: Int, column: Int?) {}
}

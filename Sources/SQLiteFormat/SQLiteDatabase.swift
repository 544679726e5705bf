internal import CSQLite
import ReviewExporting

/// A connection to a SQLite database: the one owner of `sqlite3` handles.
/// Statements it prepares (``SQLiteStatement``) keep it alive; it closes
/// when the last of them goes.
final class SQLiteDatabase {
  fileprivate let handle: OpaquePointer
  /// The bytes a read-only database was deserialized from; kept alive as long as the connection.
  private let image: UnsafeMutableRawBufferPointer?

  /// Creates (or opens) the database file at `path` for writing.
  init(creatingAt path: String) throws {
    var handle: OpaquePointer?
    let status = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
    guard status == SQLITE_OK, let handle else {
      let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
      if let handle { sqlite3_close_v2(handle) }
      throw ExportError("SQLite cannot create \(path): \(message)")
    }
    self.handle = handle
    self.image = nil
    sqlite3_extended_result_codes(handle, 1)
  }

  /// Opens a copy of the database `bytes` hold, read-only, in memory: the
  /// file it came from is never opened by SQLite, so nothing can change it
  /// (no journal is rolled back, no lock taken). Triggers never run (the
  /// reader only selects), and the schema is not trusted: functions with
  /// side effects cannot be reached from views or defaults.
  init(readingImage bytes: [UInt8]) throws(SQLiteError) {
    var handle: OpaquePointer?
    guard sqlite3_open_v2(":memory:", &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let handle else {
      throw SQLiteError("SQLite could not open a connection")
    }
    let image = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 8)
    bytes.withUnsafeBytes { image.copyMemory(from: $0) }
    self.handle = handle
    self.image = image
    sqlite3_extended_result_codes(handle, 1)
    _ = review_export_sqlite_defensive(handle)
    let status = sqlite3_deserialize(
      handle, "main", image.baseAddress!.assumingMemoryBound(to: UInt8.self), Int64(bytes.count), Int64(bytes.count),
      UInt32(SQLITE_DESERIALIZE_READONLY))
    guard status == SQLITE_OK else { throw SQLiteError(message) }
    try execute("PRAGMA trusted_schema = OFF")
  }

  deinit {
    sqlite3_close_v2(handle)
    image?.deallocate()
  }

  /// SQLite's message for the last failure.
  var message: String { String(cString: sqlite3_errmsg(handle)) }

  /// Runs SQL that returns no rows (one statement or several).
  func execute(_ sql: String) throws(SQLiteError) {
    var error: UnsafeMutablePointer<CChar>?
    guard sqlite3_exec(handle, sql, nil, nil, &error) == SQLITE_OK else {
      let message = error.map { String(cString: $0) } ?? self.message
      sqlite3_free(error)
      throw SQLiteError(message)
    }
  }

  /// Prepares one statement.
  func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
    var statement: OpaquePointer?
    guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK, let statement
    else {
      throw SQLiteError(message)
    }
    return SQLiteStatement(statement, database: self)
  }

  /// The one integer a query returns, such as a pragma's value.
  func integer(_ sql: String) throws(SQLiteError) -> Int64 {
    let statement = try prepare(sql)
    guard try statement.step() else { throw SQLiteError("\(sql) returned no row") }
    return statement.integer(0)
  }

  /// Whether this SQLite has the FTS5 full-text extension.
  var hasFullTextSearch: Bool { review_export_sqlite_has_fts5(handle) != 0 }
}

/// A prepared statement of an ``SQLiteDatabase``.
final class SQLiteStatement {
  private let handle: OpaquePointer
  private let database: SQLiteDatabase

  fileprivate init(_ handle: OpaquePointer, database: SQLiteDatabase) {
    self.handle = handle
    self.database = database
  }

  deinit { sqlite3_finalize(handle) }

  /// Binds NULL to parameter `index` (from 1).
  func bindNull(_ index: Int32) { sqlite3_bind_null(handle, index) }
  /// Binds an integer.
  func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(handle, index, value) }
  /// Binds a number.
  func bind(_ index: Int32, _ value: Double) { sqlite3_bind_double(handle, index, value) }

  /// Binds a text, copied by SQLite.
  func bind(_ index: Int32, _ value: String) {
    var value = value
    value.withUTF8 { utf8 in
      // SQLITE_TRANSIENT (-1): SQLite copies the text before this returns.
      let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
      guard let base = utf8.baseAddress, utf8.count > 0 else {
        sqlite3_bind_text64(handle, index, "", 0, transient, UInt8(SQLITE_UTF8))
        return
      }
      base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
        _ = sqlite3_bind_text64(handle, index, $0, UInt64(utf8.count), transient, UInt8(SQLITE_UTF8))
      }
    }
  }

  /// Runs the statement to its next row; `false` when it is done.
  @discardableResult
  func step() throws(SQLiteError) -> Bool {
    switch sqlite3_step(handle) {
    case SQLITE_ROW: return true
    case SQLITE_DONE: return false
    default: throw SQLiteError(database.message)
    }
  }

  /// Makes the statement ready to run again, with its bindings cleared.
  func reset() {
    sqlite3_reset(handle)
    sqlite3_clear_bindings(handle)
  }

  /// How many columns each row has.
  var columnCount: Int32 { sqlite3_column_count(handle) }

  /// The value in column `index` (from 0) of the current row.
  func value(_ index: Int32) -> SQLiteValue {
    switch sqlite3_column_type(handle, index) {
    case SQLITE_NULL: return .null
    case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
    case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
    case SQLITE_BLOB: return .blob(Int(sqlite3_column_bytes(handle, index)))
    default:
      guard let text = sqlite3_column_text(handle, index) else { return .text("") }
      let count = Int(sqlite3_column_bytes(handle, index))
      return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
    }
  }

  /// The integer in column `index` of the current row.
  func integer(_ index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }

  /// The text in column `index` of the current row ("" for NULL).
  func text(_ index: Int32) -> String {
    guard let text = sqlite3_column_text(handle, index) else { return "" }
    return String(decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, index))), as: UTF8.self)
  }
}

/// One value SQLite holds, as its storage class.
enum SQLiteValue: Sendable, Equatable {
  case null
  case integer(Int64)
  case real(Double)
  case text(String)
  /// A blob, which a catalog never holds; its size.
  case blob(Int)

  /// How messages name what the cell holds.
  var described: String {
    switch self {
    case .null: "NULL"
    case .integer(let value): "the integer \(value)"
    case .real(let value): "the number \(value)"
    case .text(let text): "the text \(text.debugDescription.prefix(60))"
    case .blob(let size): "a blob of \(size) bytes"
    }
  }
}

/// A failure SQLite reported.
struct SQLiteError: Error {
  var message: String
  init(_ message: String) { self.message = message }
}

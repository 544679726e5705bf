import Foundation
import ReviewCatalog
import ReviewExporting

/// The rows of a `csv-tables` folder: every table's file read and checked
/// (present, a plain file, RFC 4180, its exact header, a field per column),
/// then handed to `CatalogTableDecoder`, which maps them into the catalog.
/// A cell is text: an empty unquoted cell is absent, `""` an empty text.
struct CSVTableRows: CatalogTableSource {
  /// The folder, as the user named it.
  let directory: String
  /// What was wrong, in the order found.
  var problems: [Diagnostic] = []
  /// Where each value came from; filled only when locating.
  var locations: [CatalogPath: SourceLocation]?
  /// Each table's data records, by table index.
  private var records: [[CSVRecord]] = []

  /// Reads every table of `directory`; throws for what stops reading (a
  /// missing table, a syntax error, a wrong header), every such problem at once.
  init(directory: String, locating: Bool = false) throws(CatalogError) {
    self.directory = directory
    self.locations = locating ? [:] : nil
    var fatal: [Diagnostic] = []
    for table in CatalogTables.layout.tables {
      do {
        records.append(try rows(of: table))
      } catch {
        records.append([])
        fatal.append(error.diagnostic)
      }
    }
    guard fatal.isEmpty else { throw CatalogError(fatal) }
  }

  /// Reads the catalog the rows hold, with every problem in ``problems``.
  static func decode(directory: String, locating: Bool = false) throws(CatalogError) -> (Catalog, CSVTableRows) {
    var decoder = CatalogTableDecoder(source: try CSVTableRows(directory: directory, locating: locating))
    do {
      let catalog = try decoder.decode()
      return (catalog, decoder.source)
    } catch {
      preconditionFailure("reading tables throws only while the files are read")
    }
  }

  private func file(_ table: CatalogTable) -> String { (directory as NSString).appendingPathComponent(table.fileName) }

  // MARK: CatalogTableSource

  func rowCount(of table: CatalogTable) -> Int { records[table.index].count }

  func hasValue(_ table: CatalogTable, row: Int, column: Int) -> Bool {
    let cell = records[table.index][row].cells[column]
    return !cell.text.isEmpty || cell.quoted
  }

  func text(_ table: CatalogTable, row: Int, column: Int) -> String { records[table.index][row].cells[column].text }

  mutating func readText(_ table: CatalogTable, row: Int, column: Int, path: CatalogPath) -> String? {
    records[table.index][row].cells[column].text
  }

  mutating func readInteger(_ table: CatalogTable, row: Int, column: Int, path: CatalogPath) -> Int64? {
    let text = records[table.index][row].cells[column].text
    if let value = Int64(text) { return value }
    let looksNumeric = !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "-") }
    report(
      table, row: row, column: column, path: path,
      looksNumeric ? "\(text) does not fit in a 64-bit integer" : "expected an integer, found \(ScalarRules.quoted(text))")
    return nil
  }

  mutating func readDouble(_ table: CatalogTable, row: Int, column: Int, path: CatalogPath) -> Double? {
    let text = records[table.index][row].cells[column].text
    if let value = Double(text) { return value }
    report(table, row: row, column: column, path: path, "expected a number, found \(ScalarRules.quoted(text))")
    return nil
  }

  mutating func report(_ table: CatalogTable, row: Int?, column: Int?, path: CatalogPath?, _ message: String) {
    problems.append(Diagnostic(file: file(table), position: position(table, row, column), path: path, message: message))
  }

  func missingValueMessage(_ table: CatalogTable, column: Int) -> String {
    let described = table.columns[column]
    return described.type.isText
      ? "column '\(described.name)' needs a value; write \"\" for an empty text" : "column '\(described.name)' needs a value"
  }

  func displayName(of table: CatalogTable) -> String { table.fileName }

  mutating func locate(_ path: CatalogPath, _ table: CatalogTable, row: Int, column: Int?) {
    guard locations != nil else { return }
    locations![path] = SourceLocation(file: file(table), position: position(table, row, column) ?? SourcePosition(line: 1, column: 1))
  }

  private func position(_ table: CatalogTable, _ row: Int?, _ column: Int?) -> SourcePosition? {
    guard let row else { return nil }
    let record = records[table.index][row]
    guard let column else { return SourcePosition(line: record.line, column: 1) }
    return record.cells[column].position
  }

  // MARK: Reading the files

  /// The data records of a table, after checking its header and field counts.
  private mutating func rows(of table: CatalogTable) throws(CSVTableError) -> [CSVRecord] {
    let path = file(table)
    let columns = table.columnNames
    // Read with read(2): Foundation's FileManager.contents(atPath:) leaks a
    // buffer on empty files (found by FuzzTesting's CSV tables target).
    var info = stat()
    guard lstat(path, &info) == 0 else {
      let names = CatalogTables.layout.tables.map(\.fileName).joined(separator: ", ")
      throw CSVTableError(diagnostic: Diagnostic(file: path, message: "missing table \(table.fileName); a csv-tables folder has \(names)"))
    }
    // Never a FIFO (it would block), a device, or a link out of the folder.
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      let kind = (info.st_mode & S_IFMT) == S_IFLNK ? "a symbolic link" : (info.st_mode & S_IFMT) == S_IFDIR ? "a folder" : "not a regular file"
      throw CSVTableError(
        diagnostic: Diagnostic(file: path, message: "the table \(table.fileName) is \(kind); a csv-tables folder holds its tables as plain files"))
    }
    guard let data = try? MappedFile.readAll(path) else {
      throw CSVTableError(diagnostic: Diagnostic(file: path, message: "cannot read the table \(table.fileName)"))
    }
    let records: [CSVRecord]
    do {
      records = try CSVParser.parse(data, delimiter: CSVParser.delimiter(of: data, firstColumn: columns[0]))
    } catch {
      throw CSVTableError(diagnostic: Diagnostic(file: path, position: error.position, message: error.message))
    }
    guard let header = records.first, header.cells.map(\.text) == columns else {
      let found = records.first.map { ScalarRules.quoted($0.cells.map(\.text).joined(separator: ",")) } ?? "an empty file"
      throw CSVTableError(
        diagnostic: Diagnostic(
          file: path, position: SourcePosition(line: 1, column: 1),
          message: "the header must be \(columns.joined(separator: ",")); found \(found)"))
    }
    var rows: [CSVRecord] = []
    for record in records.dropFirst() {
      guard record.cells.count == columns.count else {
        problems.append(
          Diagnostic(
            file: path, position: SourcePosition(line: record.line, column: 1),
            message: "this row has \(record.cells.count) fields; the header has \(columns.count)"))
        continue
      }
      rows.append(record)
    }
    return rows
  }
}

/// A problem that stops reading one table.
struct CSVTableError: Error {
  var diagnostic: Diagnostic
}

import Foundation
import ReviewCatalog
import ReviewExporting

/// Exports a catalog as an Excel workbook (`.xlsx`) through libxlsxwriter,
/// streamed: rows go to temporary files in the output's folder as they are
/// written (libxlsxwriter's `constant_memory` mode), so memory stays bounded.
///
/// The sheet `Reviews` is the `csv` table with typed cells: ratings, scales
/// and years are numbers, publication dates are date cells, texts are
/// always string cells (so no text can become a formula), lists are joined
/// with `; `. With `sheets=all`, one sheet per `csv-tables` table follows,
/// so the workbook carries the whole catalog. Excel's limits are kept: a
/// cell holds 32,767 characters (UTF-16 units, as Excel counts), a sheet
/// 1,048,576 rows (more continue on `Reviews (2)`, …).
public struct XLSXExporter: StreamingExporter {
  /// Rows a sheet holds, its header included (Excel's limit; fewer in tests).
  let rowsPerSheet: Int

  /// Creates the exporter.
  public init() {
    rowsPerSheet = XLSXSheet.maximumRows
  }

  /// An exporter whose sheets hold `rowsPerSheet` rows, to see a full sheet continue.
  init(rowsPerSheet: Int) {
    self.rowsPerSheet = rowsPerSheet
  }

  /// The `xlsx` format.
  public let format = FormatDescriptor(
    name: "xlsx", fileExtension: "xlsx", mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    summary: "An Excel workbook: the Reviews sheet with typed cells (dates, numbers), optionally a sheet per table.",
    options: [
      OptionDescriptor(
        name: "sheets", kind: .choice(["reviews", "all"]), defaultValue: .string("reviews"),
        help: "reviews: the Reviews sheet only; all: also one sheet per csv-tables table, the whole catalog."),
      OptionDescriptor(
        name: "long-texts", kind: .choice(["error", "truncate"]), defaultValue: .string("error"),
        help: "A text longer than a cell holds (32,767 UTF-16 units): fail naming it, or cut it and say how many were cut."),
    ])

  /// Creates the workbook in a scratch file and returns the writer of its rows.
  public func begin(_ catalog: Catalog, to output: ExportDestination) throws -> any CatalogWriter {
    let path = output.makeScratchPath(named: "workbook.xlsx")
    let temporary = output.makeScratchPath(named: "xlsx-parts")
    guard mkdir(temporary, 0o700) == 0 else {
      throw ExportError("cannot make a folder for the workbook's parts: \(String(cString: strerror(errno)))")
    }
    let workbook = try XLSXWorkbook(
      path: path, temporaryFolder: temporary, title: catalog.info.title, created: Self.creationDate(of: catalog))
    let cells = XLSXCells(workbook: workbook, truncates: output.options.string("long-texts") == "truncate")
    let reviews = try XLSXSheet(
      cells: cells, name: "Reviews", rowsPerSheet: rowsPerSheet,
      columns: ReviewSheet.Column.allCases.map { ($0.name, Self.width(of: $0), $0 == .body || $0 == .summary) })
    var tables: CatalogTreeParts<CatalogTableWriter<XLSXTableSheets>>?
    if output.options.string("sheets") == "all" {
      var sheets: [XLSXSheet] = []
      for table in CatalogTables.layout.tables {
        sheets.append(
          try XLSXSheet(
            cells: cells, name: sheetName(of: table), rowsPerSheet: rowsPerSheet,
            columns: table.columns.map { ($0.name, Self.width(of: $0.type), $0.name == "body") }))
      }
      var parts = CatalogTreeParts(CatalogTableWriter(sink: XLSXTableSheets(sheets: sheets)))
      try parts.start(formatVersion: catalog.formatVersion, info: catalog.info)
      tables = parts
    }
    return XLSXCatalogWriter(
      path: path, sink: output.sink, output: output, workbook: workbook, cells: cells, reviews: reviews, tables: tables)
  }

  /// A table's sheet: named as the table, but for `reviews`, which would
  /// clash with the `Reviews` sheet (Excel's names ignore case): `reviews (table)`.
  func sheetName(of table: CatalogTable) -> String {
    table.name.lowercased() == "reviews" ? "\(table.name) (table)" : table.name
  }

  /// The workbook's creation time: the catalog's `updated` time when it has
  /// one, else a fixed date, so that the same catalog gives the same bytes.
  static func creationDate(of catalog: Catalog) -> Date {
    if let updated = catalog.info.updated, let date = ISO8601DateFormatter().date(from: updated) { return date }
    if let updated = catalog.info.updated {
      let formatter = ISO8601DateFormatter()
      formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
      if let date = formatter.date(from: updated) { return date }
    }
    return Date(timeIntervalSince1970: 946_684_800)  // 2000-01-01T00:00:00Z
  }

  static func width(of column: ReviewSheet.Column) -> Double {
    switch column {
    case .body: 80
    case .headline, .summary, .workTitle, .workOriginalTitle, .quotesText: 36
    case .ratingValue, .ratingScale, .workYear: 10
    case .published: 12
    default: 22
    }
  }

  static func width(of type: CatalogScalar) -> Double {
    switch type {
    case .text, .nonEmptyText, .url: 36
    case .date: 12
    case .integer, .nonNegativeInteger, .positiveInteger, .number, .formatVersion: 12
    default: 22
    }
  }
}

/// Writes typed cells, keeping Excel's limits.
final class XLSXCells {
  /// What a cell holds at most, in UTF-16 units.
  static let maximumLength = 32_767
  /// Integers beyond this are not exact as Excel's numbers (doubles).
  static let largestExactInteger: Int64 = 1 << 53

  let workbook: XLSXWorkbook
  let truncates: Bool
  /// How many texts were cut to fit.
  private(set) var truncated = 0

  init(workbook: XLSXWorkbook, truncates: Bool) {
    self.workbook = workbook
    self.truncates = truncates
  }

  /// Writes `text`, checking its length; `place` names it in messages.
  func text(_ text: String, sheet: Int, row: Int, column: Int, place: @autoclosure () -> String) throws {
    var text = text
    let length = text.utf16.count
    if length > Self.maximumLength {
      guard truncates else {
        throw ExportError(
          "\(place()): \(length) characters (UTF-16 units) do not fit in a spreadsheet cell, which holds \(Self.maximumLength); "
            + "use --option xlsx.long-texts=truncate to cut such texts, or a format without the limit (csv, json)")
      }
      var end = text.utf16.index(text.utf16.startIndex, offsetBy: Self.maximumLength)
      while end > text.startIndex && String.Index(end, within: text) == nil { end = text.utf16.index(before: end) }
      text = String(text[..<end])
      truncated += 1
    }
    try workbook.write(text: Self.escaped(text), sheet: sheet, row: row, column: column)
  }

  /// `text` in OOXML's escape for what XML cannot carry: a control
  /// character (but tab, line feed and carriage return) or U+FFFE/U+FFFF
  /// as `_xHHHH_`, and the `_` of a text that already reads `_xHHHH_` as
  /// `_x005F_`, so that every reader (Excel, LibreOffice, openpyxl) gives
  /// back the text exactly.
  static func escaped(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "_") || $0 == 0xEF }) else { return text }
    var result = ""
    let scalars = Array(text.unicodeScalars)
    for (index, scalar) in scalars.enumerated() {
      let value = scalar.value
      if (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) || value == 0xFFFE || value == 0xFFFF {
        result += "_x" + hex(value) + "_"
      } else if scalar == "_" && looksEscaped(scalars, after: index) {
        result += "_x005F_"
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  private static func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }

  /// Whether `x`, four hex digits and `_` follow the `_` at `index`.
  private static func looksEscaped(_ scalars: [Unicode.Scalar], after index: Int) -> Bool {
    guard index + 6 < scalars.count, scalars[index + 1] == "x" || scalars[index + 1] == "X", scalars[index + 6] == "_" else {
      return false
    }
    return scalars[(index + 2)...(index + 5)].allSatisfy { $0.properties.isASCIIHexDigit }
  }

  /// Writes an integer as a number where Excel's numbers hold it exactly, else as text.
  func integer(_ value: Int64, sheet: Int, row: Int, column: Int) throws {
    if value.magnitude <= UInt64(Self.largestExactInteger) {
      try workbook.write(number: Double(value), sheet: sheet, row: row, column: column)
    } else {
      try workbook.write(text: String(value), sheet: sheet, row: row, column: column)
    }
  }

  /// Writes a `YYYY-MM-DD` date as a date cell, or as text where Excel has
  /// no date for it (before 1900), or where it is no date at all: a catalog
  /// is validated as it is written, so an invalid one's dates reach here
  /// too (its workbook is never kept).
  func date(_ text: String, sheet: Int, row: Int, column: Int) throws {
    let parts = text.split(separator: "-").compactMap { Int($0) }
    guard parts.count == 3, (1900...9999).contains(parts[0]), (1...12).contains(parts[1]), (1...31).contains(parts[2]) else {
      try workbook.write(text: text, sheet: sheet, row: row, column: column)
      return
    }
    try workbook.write(year: parts[0], month: parts[1], day: parts[2], sheet: sheet, row: row, column: column)
  }
}

/// One table of the workbook, continued on `Name (2)`, `Name (3)`, … when a
/// sheet is full.
struct XLSXSheet {
  /// Rows a sheet holds, its header included.
  static let maximumRows = 1_048_576

  let cells: XLSXCells
  let name: String
  let rowsPerSheet: Int
  let columns: [(name: String, width: Double, wrapped: Bool)]
  /// The sheets made so far, and how many rows each has.
  private(set) var sheets: [(index: Int, rows: Int)] = []

  init(cells: XLSXCells, name: String, rowsPerSheet: Int, columns: [(String, Double, Bool)]) throws {
    self.cells = cells
    self.name = name
    self.rowsPerSheet = rowsPerSheet
    self.columns = columns.map { (name: $0.0, width: $0.1, wrapped: $0.2) }
    try addSheet()
  }

  private mutating func addSheet() throws {
    let title = sheets.isEmpty ? name : "\(name) (\(sheets.count + 1))"
    let index = try cells.workbook.addSheet(named: title)
    for (column, described) in columns.enumerated() {
      cells.workbook.setColumn(column, width: described.width, wrapped: described.wrapped, sheet: index)
      try cells.workbook.write(text: described.name, sheet: index, row: 0, column: column, style: .header)
    }
    cells.workbook.freezeHeader(sheet: index)
    sheets.append((index, 1))
  }

  /// The sheet and row of the next row, moving to a new sheet when this one is full.
  mutating func nextRow() throws -> (sheet: Int, row: Int) {
    if sheets[sheets.count - 1].rows == rowsPerSheet { try addSheet() }
    let current = sheets[sheets.count - 1]
    sheets[sheets.count - 1].rows += 1
    return (current.index, current.rows)
  }

  /// Adds the header's filter buttons over each sheet's rows.
  func finish() {
    for sheet in sheets { cells.workbook.autofilter(sheet: sheet.index, rows: sheet.rows, columns: columns.count) }
  }
}

/// The sheets of every table, for ``CatalogTableWriter``.
struct XLSXTableSheets: TableRowSink {
  var sheets: [XLSXSheet]

  mutating func write(row cells: [TableCell], of table: CatalogTable) throws {
    let (sheet, row) = try sheets[table.index].nextRow()
    let writer = sheets[table.index].cells
    for (column, cell) in cells.enumerated() {
      switch cell {
      case .absent: continue
      case .text(let text):
        if table.columns[column].type == .date {
          try writer.date(text, sheet: sheet, row: row, column: column)
        } else {
          try writer.text(
            text, sheet: sheet, row: row, column: column,
            place: "sheet \(table.name), row \(row + 1), column \(table.columns[column].name)")
        }
      case .integer(let value): try writer.integer(value, sheet: sheet, row: row, column: column)
      case .number(let value): try writer.workbook.write(number: value, sheet: sheet, row: row, column: column)
      }
    }
  }

  func finish() throws {
    for sheet in sheets { sheet.finish() }
  }
}

/// Writes each review's row, and each part into the table sheets if there are any.
struct XLSXCatalogWriter: CatalogWriter {
  let path: String
  let sink: ByteSink
  let output: ExportDestination
  let workbook: XLSXWorkbook
  let cells: XLSXCells
  var reviews: XLSXSheet
  var tables: CatalogTreeParts<CatalogTableWriter<XLSXTableSheets>>?
  var joined = ReviewJoin()
  var count = 0

  mutating func write(_ person: Person) throws {
    joined.remember(person)
    try tables?.write(person)
  }

  mutating func write(_ work: Work) throws {
    joined.remember(work)
    try tables?.write(work)
  }

  mutating func write(_ review: Review) throws {
    let (sheet, row) = try reviews.nextRow()
    let index = count
    for (column, value) in ReviewSheet.row(of: review, joining: joined).enumerated() {
      switch value {
      case .absent: continue
      case .text(let text):
        try cells.text(
          text, sheet: sheet, row: row, column: column, place: "reviews[\(index)].\(ReviewSheet.Column.allCases[column].name)")
      case .date(let text): try cells.date(text, sheet: sheet, row: row, column: column)
      case .integer(let value): try cells.integer(value, sheet: sheet, row: row, column: column)
      case .number(let value): try workbook.write(number: value, sheet: sheet, row: row, column: column)
      case .list(let items):
        try cells.text(
          items.joined(separator: "; "), sheet: sheet, row: row, column: column,
          place: "reviews[\(index)].\(ReviewSheet.Column.allCases[column].name)")
      }
    }
    count += 1
    try tables?.write(review)
  }

  mutating func finish() throws {
    try tables?.finish()
    reviews.finish()
    try workbook.close()
    if cells.truncated > 0 {
      output.warn("cut \(cells.truncated) text\(cells.truncated == 1 ? "" : "s") to the 32,767 characters a cell holds")
    }
    try sink.write(contentsOfFile: path)
  }
}

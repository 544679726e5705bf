internal import CXLSXWriter
import Foundation
import ReviewExporting

/// A libxlsxwriter workbook in `constant_memory` mode: the one owner of its
/// calls. Rows go out to temporary files (in `temporaryFolder`) as they are
/// written, so memory stays bounded whatever the number of rows; each sheet
/// takes its rows in order. ``close()`` assembles the `.xlsx` file.
final class XLSXWorkbook {
  /// A cell's look.
  enum Style {
    case plain, header, date, wrapped
  }

  private let handle: UnsafeMutablePointer<lxw_workbook>
  private var formats: [Style: UnsafeMutablePointer<lxw_format>] = [:]
  private var sheets: [UnsafeMutablePointer<lxw_worksheet>] = []
  private var closed = false
  /// Where ``close()`` writes the workbook.
  private let path: String
  /// Kept alive while libxlsxwriter may read them.
  private let strings: [UnsafeMutablePointer<CChar>]

  /// A workbook written to `path`, its temporary files in `temporaryFolder`,
  /// its creation time fixed (so that the same catalog gives the same bytes).
  init(path: String, temporaryFolder: String, title: String, created: Date) throws {
    let tmpdir = strdup(temporaryFolder)!
    var options = lxw_workbook_options(constant_memory: 1, tmpdir: tmpdir, use_zip64: 1)
    guard let handle = workbook_new_opt(path, &options) else {
      free(tmpdir)
      throw ExportError("libxlsxwriter could not create a workbook")
    }
    self.handle = handle
    self.path = path
    let titleText = strdup(title)!
    let author = strdup("review-export")!
    strings = [tmpdir, titleText, author]
    var properties = lxw_doc_properties()
    properties.title = titleText
    properties.author = author
    properties.created = time_t(created.timeIntervalSince1970)
    workbook_set_properties(handle, &properties)
    let header = workbook_add_format(handle)!
    format_set_bold(header)
    let date = workbook_add_format(handle)!
    format_set_num_format(date, "yyyy-mm-dd")
    let wrapped = workbook_add_format(handle)!
    format_set_text_wrap(wrapped)
    format_set_align(wrapped, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
    formats = [.header: header, .date: date, .wrapped: wrapped]
  }

  // A workbook let go unfinished (the export failed or was abandoned) is
  // not a result: libxlsxwriter frees its memory only by writing the file,
  // so the file it writes is removed at once. It may come after the
  // output has cleared its scratch paths (the writer's parts go in any
  // order), so it cannot be left to the output.
  deinit {
    if !closed {
      workbook_close(handle)
      unlink(path)
    }
    for string in strings { free(string) }
  }

  /// Adds a sheet named `name` (at most 31 characters); returns its number.
  func addSheet(named name: String) throws -> Int {
    guard let sheet = workbook_add_worksheet(handle, name) else {
      throw ExportError("libxlsxwriter could not add the sheet '\(name)'")
    }
    sheets.append(sheet)
    return sheets.count - 1
  }

  /// Writes a text cell: always a string, never a formula.
  func write(text: String, sheet: Int, row: Int, column: Int, style: Style = .plain) throws {
    try check(worksheet_write_string(sheets[sheet], lxw_row_t(row), lxw_col_t(column), text, formats[style]), row, column)
  }

  /// Writes a number cell.
  func write(number: Double, sheet: Int, row: Int, column: Int) throws {
    try check(worksheet_write_number(sheets[sheet], lxw_row_t(row), lxw_col_t(column), number, nil), row, column)
  }

  /// Writes a date cell, shown as `yyyy-mm-dd`.
  func write(year: Int, month: Int, day: Int, sheet: Int, row: Int, column: Int) throws {
    var date = lxw_datetime(year: Int32(year), month: Int32(month), day: Int32(day), hour: 0, min: 0, sec: 0)
    try check(worksheet_write_datetime(sheets[sheet], lxw_row_t(row), lxw_col_t(column), &date, formats[.date]), row, column)
  }

  /// Sets the width (in characters) of a column, and wraps its texts if `wrapped`.
  func setColumn(_ column: Int, width: Double, wrapped: Bool, sheet: Int) {
    worksheet_set_column(sheets[sheet], lxw_col_t(column), lxw_col_t(column), width, wrapped ? formats[.wrapped] : nil)
  }

  /// Keeps the first row in view when scrolling.
  func freezeHeader(sheet: Int) {
    worksheet_freeze_panes(sheets[sheet], 1, 0)
  }

  /// Adds filter buttons to the header of columns `0..<columns`, over `rows` rows.
  func autofilter(sheet: Int, rows: Int, columns: Int) {
    worksheet_autofilter(sheets[sheet], 0, 0, lxw_row_t(max(rows - 1, 0)), lxw_col_t(columns - 1))
  }

  /// Writes the `.xlsx` file.
  func close() throws {
    closed = true
    let status = workbook_close(handle)
    guard status == LXW_NO_ERROR else {
      throw ExportError("libxlsxwriter could not write the workbook: \(String(cString: lxw_strerror(status)))")
    }
  }

  private func check(_ status: lxw_error, _ row: Int, _ column: Int) throws {
    guard status == LXW_NO_ERROR else {
      throw ExportError("libxlsxwriter could not write the cell at row \(row + 1), column \(column + 1): \(String(cString: lxw_strerror(status)))")
    }
  }
}

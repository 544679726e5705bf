import ReviewExporting

/// One cell: a text, a number, or nothing.
enum CSVField {
  /// A text, written exactly; an empty text is written `""`.
  case text(String)
  /// A number, written as it is (never quoted, never guarded).
  case number(String)
  /// No value: an empty, unquoted cell.
  case absent

  static func optional(_ text: String?) -> CSVField { text.map(CSVField.text) ?? .absent }
  static func integer(_ value: Int64?) -> CSVField { value.map { .number(String($0)) } ?? .absent }
  static func double(_ value: Double?) -> CSVField { value.map { .number($0.description) } ?? .absent }
}

/// Writes RFC 4180 records into a sink.
///
/// A field is quoted when it holds the delimiter, a quote, CR or LF (or
/// always, with `quoteAll`), quotes inside doubled. An empty text is written
/// `""` so that it stays apart from an absent value (an empty cell), as in
/// PostgreSQL's CSV format.
struct CSVWriter {
  let sink: ByteSink
  let dialect: CSVDialect

  init(sink: ByteSink, dialect: CSVDialect) throws {
    self.sink = sink
    self.dialect = dialect
    if dialect.byteOrderMark { try sink.write([0xEF, 0xBB, 0xBF]) }
  }

  func writeHeader(_ names: [String]) throws {
    try writeRow(names.map(CSVField.text))
  }

  func writeRow(_ fields: [CSVField]) throws {
    for (index, field) in fields.enumerated() {
      if index > 0 { try sink.write(byte: dialect.delimiter) }
      switch field {
      case .absent: break
      case .number(let text): try writeText(text, guarded: false)
      case .text(let text): try writeText(text, guarded: dialect.formulaGuard)
      }
    }
    try sink.write(dialect.lineEnding)
  }

  private func writeText(_ text: String, guarded: Bool) throws {
    var text = text
    if guarded, let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
      // OWASP: make the cell start with a quote, so it is shown as text.
      text = "'" + text
    }
    let needsQuotes = dialect.quoteAll || text.isEmpty
      || text.utf8.contains { $0 == dialect.delimiter || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A }
    guard needsQuotes else {
      try sink.write(text)
      return
    }
    try sink.write(byte: UInt8(ascii: "\""))
    try text.withUTF8 { utf8 in
      var start = 0
      for index in 0..<utf8.count where utf8[index] == UInt8(ascii: "\"") {
        try sink.write(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(utf8)[start...index]))
        try sink.write(byte: UInt8(ascii: "\""))
        start = index + 1
      }
      try sink.write(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(utf8)[start..<utf8.count]))
    }
    try sink.write(byte: UInt8(ascii: "\""))
  }
}

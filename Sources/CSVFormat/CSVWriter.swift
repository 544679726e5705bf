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
    try text.withUTF8 { utf8 in
      // OWASP: a cell that would start a formula is made to start with a quote, so it shows as text.
      let first = utf8.first
      let guardIt = guarded && first.map { [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D].contains($0) } == true
      var needsQuotes = dialect.quoteAll || utf8.isEmpty
      if !needsQuotes {
        for byte in utf8 where byte == dialect.delimiter || byte == 0x22 || byte == 0x0D || byte == 0x0A {
          needsQuotes = true
          break
        }
      }
      if needsQuotes { try sink.write(byte: 0x22) }
      if guardIt { try sink.write(byte: UInt8(ascii: "'")) }
      if needsQuotes {
        var start = 0
        for index in 0..<utf8.count where utf8[index] == 0x22 {
          try sink.write(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(utf8)[start...index]))
          try sink.write(byte: 0x22)
          start = index + 1
        }
        try sink.write(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(utf8)[start..<utf8.count]))
        try sink.write(byte: 0x22)
      } else {
        try sink.write(UnsafeRawBufferPointer(utf8))
      }
    }
  }
}

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
  /// The bytes that make a field need quotes.
  private let specialBytes: SpecialBytes

  init(sink: ByteSink, dialect: CSVDialect) throws {
    self.sink = sink
    self.dialect = dialect
    specialBytes = SpecialBytes(dialect.delimiter, 0x22, 0x0D, 0x0A)
    if dialect.byteOrderMark { try sink.write([0xEF, 0xBB, 0xBF]) }
  }

  func writeHeader(_ names: [String]) throws {
    try writeRow(names.map(CSVField.text))
  }

  func writeRow(_ fields: [CSVField]) throws {
    for (index, field) in fields.enumerated() { try write(field, first: index == 0) }
    try endRow()
  }

  /// Writes one field of a row, after a delimiter unless it is the `first`.
  /// (For hot loops; ``writeRow(_:)`` is simpler.)
  @inline(__always)
  func write(_ field: CSVField, first: Bool = false) throws {
    if !first { try sink.write(byte: dialect.delimiter) }
    switch field {
    case .absent: break
    case .number(let text): try writeText(text, guarded: false)
    case .text(let text): try writeText(text, guarded: dialect.formulaGuard)
    }
  }

  /// Ends the row that ``write(_:first:)`` wrote.
  func endRow() throws {
    try sink.write(dialect.lineEnding)
  }

  private func writeText(_ text: String, guarded: Bool) throws {
    var text = text
    try text.withUTF8 { utf8 in
      // OWASP: a cell that would start a formula is made to start with a quote, so it shows as text.
      var guardIt = false
      if guarded, let first = utf8.first {
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: guardIt = true
        default: break
        }
      }
      let needsQuotes = dialect.quoteAll || utf8.isEmpty || Self.firstByte(in: utf8, from: 0, special: specialBytes) < utf8.count
      if needsQuotes { try sink.write(byte: 0x22) }
      if guardIt { try sink.write(byte: UInt8(ascii: "'")) }
      if needsQuotes {
        var start = 0
        while true {
          let quote = Self.firstByte(in: utf8, from: start, special: Self.quoteOnly)
          guard quote < utf8.count else { break }
          try sink.write(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(utf8)[start...quote]))
          try sink.write(byte: 0x22)
          start = quote + 1
        }
        try sink.write(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(utf8)[start..<utf8.count]))
        try sink.write(byte: 0x22)
      } else {
        try sink.write(UnsafeRawBufferPointer(utf8))
      }
    }
  }

  /// Bytes to look for: up to four, each repeated in every byte of a block.
  struct SpecialBytes {
    var blocks: (ByteVector.Block, ByteVector.Block, ByteVector.Block, ByteVector.Block)

    init(_ bytes: UInt8...) {
      let padded = bytes + Array(repeating: bytes[0], count: 4 - bytes.count)
      blocks = (
        ByteVector.splat(padded[0]), ByteVector.splat(padded[1]), ByteVector.splat(padded[2]), ByteVector.splat(padded[3])
      )
    }
  }

  static let quoteOnly = SpecialBytes(0x22)

  /// The index of the first of `special` in `bytes` at or after `start`, or
  /// `bytes.count`; sixteen bytes at a time, as cells are mostly plain text.
  @inline(__always)
  static func firstByte(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, special: SpecialBytes) -> Int {
    guard let base = bytes.baseAddress else { return bytes.count }
    let blocks = special.blocks
    return ByteVector.firstFlagged(
      base, from: start, count: bytes.count,
      by: { block in (block .== blocks.0) .| (block .== blocks.1) .| (block .== blocks.2) .| (block .== blocks.3) })
  }
}

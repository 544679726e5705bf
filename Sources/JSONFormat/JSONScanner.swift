#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import ReviewExporting

/// Reads JSON tokens from UTF-8 bytes, strictly by RFC 8259, keeping byte offsets.
///
/// The scanner never builds a tree: the decoder pulls one token at a time.
struct JSONScanner {
  /// The kinds of JSON values, named as in messages.
  enum ValueKind: String {
    case object = "an object"
    case array = "an array"
    case string = "a string"
    case number = "a number"
    case boolean = "a boolean"
    case null = "null"
  }

  /// A number token: where its text is and whether it is a plain integer.
  struct NumberToken {
    var start: Int
    var end: Int
    var isInteger: Bool
  }

  let bytes: UnsafeBufferPointer<UInt8>
  var offset = 0
  private var scratch: [UInt8] = []

  init(bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { offset = 3 }
  }

  var isAtEnd: Bool { offset >= bytes.count }

  mutating func skipWhitespace() {
    while offset < bytes.count {
      switch bytes[offset] {
      case 0x20, 0x0A, 0x0D, 0x09: offset += 1
      default: return
      }
    }
  }

  /// The kind of the value that starts here, after whitespace.
  mutating func peekKind() throws(JSONSyntaxError) -> ValueKind {
    skipWhitespace()
    guard offset < bytes.count else { throw JSONSyntaxError(offset: offset, message: "unexpected end of file; expected a value") }
    switch bytes[offset] {
    case UInt8(ascii: "{"): return .object
    case UInt8(ascii: "["): return .array
    case UInt8(ascii: "\""): return .string
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
    case UInt8(ascii: "t"), UInt8(ascii: "f"): return .boolean
    case UInt8(ascii: "n"): return .null
    default: throw unexpected("a value")
    }
  }

  /// Consumes `byte` after whitespace, or fails naming what was expected.
  mutating func expect(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
    skipWhitespace()
    guard offset < bytes.count, bytes[offset] == byte else { throw unexpected(what) }
    offset += 1
  }

  /// Consumes `byte` after whitespace if it is next.
  mutating func consume(_ byte: UInt8) -> Bool {
    skipWhitespace()
    if offset < bytes.count && bytes[offset] == byte {
      offset += 1
      return true
    }
    return false
  }

  /// An error describing the byte at the current offset.
  func unexpected(_ expected: String) -> JSONSyntaxError {
    guard offset < bytes.count else {
      return JSONSyntaxError(offset: offset, message: "unexpected end of file; expected \(expected)")
    }
    let byte = bytes[offset]
    let found: String
    switch byte {
    case 0x21...0x7E: found = "'\(Character(Unicode.Scalar(byte)))'"
    case 0x00: found = "a NUL byte"
    default: found = "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }
    return JSONSyntaxError(offset: offset, message: "unexpected \(found); expected \(expected)")
  }

  // MARK: Strings

  /// Reads a string token, checking UTF-8 and escapes.
  mutating func readString() throws(JSONSyntaxError) -> String {
    try expect(UInt8(ascii: "\""), "a string")
    let start = offset
    var nonASCII = false
    offset = JSONStringBytes.endOfCheckedRun(in: bytes, from: offset, nonASCII: &nonASCII)
    if offset < bytes.count && bytes[offset] == UInt8(ascii: "\"") {
      // Checked by the scan: made into a string without another pass.
      let text = UTF8Validation.checkedString(UnsafeBufferPointer(rebasing: bytes[start..<offset]), isASCII: !nonASCII)
      offset += 1
      return text
    }
    return try readEscapedString(from: start, nonASCII: nonASCII)
  }

  /// Reads the rest of a string whose plain run from `start` ended before
  /// the offset (at a backslash, a control character, a byte that is not
  /// UTF-8, or the end of the file).
  private mutating func readEscapedString(from start: Int, nonASCII: Bool) throws(JSONSyntaxError) -> String {
    var nonASCII = nonASCII
    scratch.removeAll(keepingCapacity: true)
    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<offset]))
    while offset < bytes.count {
      let byte = bytes[offset]
      switch byte {
      case UInt8(ascii: "\""):
        offset += 1
        // The raw runs were checked as they were scanned, and escapes make
        // valid UTF-8 (a lone surrogate is refused).
        return scratch.withUnsafeBufferPointer { UTF8Validation.checkedString($0, isASCII: !nonASCII) }
      case UInt8(ascii: "\\"):
        offset += 1
        if try readEscape() { nonASCII = true }
      case 0..<0x20:
        let name = byte == 0x0A ? "a line break" : byte == 0x09 ? "a tab" : "control character U+\(hex4(UInt32(byte)))"
        throw JSONSyntaxError(offset: offset, message: "\(name) inside a string must be escaped (\\n, \\t, \\u00XX)")
      default:
        // Copy the run up to the next quote, backslash, control character or bad byte at once.
        let end = JSONStringBytes.endOfCheckedRun(in: bytes, from: offset, nonASCII: &nonASCII)
        // It stops where it starts only at a byte from 0x80 that begins no UTF-8 sequence.
        guard end > offset else { throw invalidUTF8(at: offset) }
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[offset..<end]))
        offset = end
      }
    }
    throw JSONSyntaxError(offset: start - 1, message: "unterminated string; add the closing '\"'")
  }

  /// Reads the escape after a backslash into `scratch`. Returns whether it
  /// stands for a character that is not ASCII.
  private mutating func readEscape() throws(JSONSyntaxError) -> Bool {
    guard offset < bytes.count else { throw JSONSyntaxError(offset: offset, message: "unexpected end of file in an escape") }
    let byte = bytes[offset]
    offset += 1
    switch byte {
    case UInt8(ascii: "\""): scratch.append(0x22)
    case UInt8(ascii: "\\"): scratch.append(0x5C)
    case UInt8(ascii: "/"): scratch.append(0x2F)
    case UInt8(ascii: "b"): scratch.append(0x08)
    case UInt8(ascii: "f"): scratch.append(0x0C)
    case UInt8(ascii: "n"): scratch.append(0x0A)
    case UInt8(ascii: "r"): scratch.append(0x0D)
    case UInt8(ascii: "t"): scratch.append(0x09)
    case UInt8(ascii: "u"):
      let escapeStart = offset - 2
      var scalar = try readHex4()
      if (0xD800...0xDBFF).contains(scalar) {
        guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
          throw JSONSyntaxError(offset: escapeStart, message: "unpaired surrogate \\u\(hex4(scalar)); a high surrogate must be followed by a low one")
        }
        offset += 2
        let low = try readHex4()
        guard (0xDC00...0xDFFF).contains(low) else {
          throw JSONSyntaxError(offset: escapeStart, message: "unpaired surrogate \\u\(hex4(scalar)); a high surrogate must be followed by a low one")
        }
        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
      } else if (0xDC00...0xDFFF).contains(scalar) {
        throw JSONSyntaxError(offset: escapeStart, message: "unpaired surrogate \\u\(hex4(scalar)); a low surrogate must follow a high one")
      }
      scratch.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
      return scalar >= 0x80
    default:
      throw JSONSyntaxError(
        offset: offset - 2, message: "invalid escape '\\\(Character(Unicode.Scalar(byte)))'; JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX")
    }
    return false
  }

  private mutating func readHex4() throws(JSONSyntaxError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard offset < bytes.count else { throw JSONSyntaxError(offset: offset, message: "unexpected end of file in a \\u escape") }
      let byte = bytes[offset]
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default: throw JSONSyntaxError(offset: offset, message: "a \\u escape needs four hexadecimal digits")
      }
      value = value << 4 | UInt32(digit)
      offset += 1
    }
    return value
  }

  /// The error for the byte at `offset`, which starts no valid UTF-8 sequence.
  private func invalidUTF8(at offset: Int) -> JSONSyntaxError {
    JSONSyntaxError(offset: offset, message: "invalid UTF-8 (byte 0x\(String(bytes[offset], radix: 16, uppercase: true))); save the file as UTF-8")
  }

  // MARK: Numbers and literals

  /// Reads a number token by the JSON grammar.
  mutating func readNumber() throws(JSONSyntaxError) -> NumberToken {
    skipWhitespace()
    let start = offset
    var isInteger = true
    if offset < bytes.count && bytes[offset] == UInt8(ascii: "-") { offset += 1 }
    guard offset < bytes.count, isDigit(bytes[offset]) else { throw unexpected("a digit") }
    if bytes[offset] == UInt8(ascii: "0") {
      offset += 1
      if offset < bytes.count && isDigit(bytes[offset]) {
        throw JSONSyntaxError(offset: start, message: "numbers must not have leading zeros")
      }
    } else {
      while offset < bytes.count && isDigit(bytes[offset]) { offset += 1 }
    }
    if offset < bytes.count && bytes[offset] == UInt8(ascii: ".") {
      isInteger = false
      offset += 1
      guard offset < bytes.count, isDigit(bytes[offset]) else { throw unexpected("a digit after '.'") }
      while offset < bytes.count && isDigit(bytes[offset]) { offset += 1 }
    }
    if offset < bytes.count && (bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E")) {
      isInteger = false
      offset += 1
      if offset < bytes.count && (bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-")) { offset += 1 }
      guard offset < bytes.count, isDigit(bytes[offset]) else { throw unexpected("a digit in the exponent") }
      while offset < bytes.count && isDigit(bytes[offset]) { offset += 1 }
    }
    return NumberToken(start: start, end: offset, isInteger: isInteger)
  }

  /// The exact value of an integer token, or `nil` if it does not fit in 64 bits.
  func integerValue(_ token: NumberToken) -> Int64? {
    var i = token.start
    let negative = bytes[i] == UInt8(ascii: "-")
    if negative { i += 1 }
    var value: Int64 = 0
    while i < token.end {
      let digit = Int64(bytes[i] - UInt8(ascii: "0"))
      let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
      let (next, o2) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
      if o1 || o2 { return nil }
      value = next
      i += 1
    }
    return value
  }

  /// The nearest double to a number token (infinite if beyond `Double`'s range).
  func doubleValue(_ token: NumberToken) -> Double {
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]), as: UTF8.self)
    return Double(text) ?? .nan
  }

  /// The text of a token, for messages.
  func text(_ start: Int, _ end: Int) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<min(end, start + 40)]), as: UTF8.self)
  }

  /// Reads `true`, `false` or `null`.
  mutating func readLiteral() throws(JSONSyntaxError) -> Bool? {
    skipWhitespace()
    if literal("true") { return true }
    if literal("false") { return false }
    if literal("null") { return nil }
    throw unexpected("a value")
  }

  /// Consumes `word` if it comes next.
  private mutating func literal(_ word: StaticString) -> Bool {
    let length = word.utf8CodeUnitCount
    guard offset + length <= bytes.count else { return false }
    for index in 0..<length where bytes[offset + index] != word.utf8Start[index] { return false }
    offset += length
    return true
  }

  /// Skips one value of any kind and any depth, without recursion.
  mutating func skipValue() throws(JSONSyntaxError) {
    var open: [Bool] = []  // true for an object, false for an array
    repeat {
      switch try peekKind() {
      case .object:
        offset += 1
        if !consume(UInt8(ascii: "}")) {
          try readKeyAndColon()
          open.append(true)
          continue
        }
      case .array:
        offset += 1
        if !consume(UInt8(ascii: "]")) {
          open.append(false)
          continue
        }
      case .string: _ = try readString()
      case .number: _ = try readNumber()
      case .boolean, .null: _ = try readLiteral()
      }
      // After a complete value: close containers, or go on to the next item.
      while let isObject = open.last {
        if consume(UInt8(ascii: ",")) {
          if isObject { try readKeyAndColon() }
          break
        } else if consume(isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
          open.removeLast()
        } else {
          throw unexpected(isObject ? "',' or '}'" : "',' or ']'")
        }
      }
    } while !open.isEmpty
  }

  private mutating func readKeyAndColon() throws(JSONSyntaxError) {
    skipWhitespace()
    guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw unexpected("a key in double quotes") }
    _ = try readString()
    try expect(UInt8(ascii: ":"), "':' after a key")
  }

  private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}

func hex4(_ value: UInt32) -> String {
  let text = String(value, radix: 16, uppercase: true)
  return String(repeating: "0", count: max(0, 4 - text.count)) + text
}

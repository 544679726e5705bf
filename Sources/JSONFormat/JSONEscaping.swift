import ReviewExporting

/// RFC 8259 string escaping.
enum JSONEscaping {
  private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

  /// Writes `value` as a JSON string literal: `"`, `\` and control characters
  /// escaped (`\n`, `\t`, … or `\u00XX`), everything else as UTF-8, or, with
  /// `escapeNonASCII`, every non-ASCII character as `\uXXXX` (surrogate pairs
  /// beyond U+FFFF).
  static func writeString(_ value: String, to sink: ByteSink, escapeNonASCII: Bool) throws {
    try sink.write(byte: UInt8(ascii: "\""))
    if escapeNonASCII {
      for scalar in value.unicodeScalars {
        if scalar.value < 0x80 {
          try writeASCII(UInt8(scalar.value), to: sink)
        } else if scalar.value <= 0xFFFF {
          try writeUnicodeEscape(UInt16(scalar.value), to: sink)
        } else {
          let v = scalar.value - 0x10000
          try writeUnicodeEscape(UInt16(0xD800 + (v >> 10)), to: sink)
          try writeUnicodeEscape(UInt16(0xDC00 + (v & 0x3FF)), to: sink)
        }
      }
    } else {
      var value = value
      try value.withUTF8 { utf8 in
        var runStart = 0
        var nonASCII = false
        while true {
          let index = JSONStringBytes.firstSpecial(in: utf8, from: runStart, nonASCII: &nonASCII)
          try sink.write(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(utf8)[runStart..<index]))
          guard index < utf8.count else { break }
          try writeASCII(utf8[index], to: sink)
          runStart = index + 1
        }
      }
    }
    try sink.write(byte: UInt8(ascii: "\""))
  }

  private static func writeASCII(_ byte: UInt8, to sink: ByteSink) throws {
    switch byte {
    case UInt8(ascii: "\""): try sink.write("\\\"")
    case UInt8(ascii: "\\"): try sink.write("\\\\")
    case 0x0A: try sink.write("\\n")
    case 0x0D: try sink.write("\\r")
    case 0x09: try sink.write("\\t")
    case 0x08: try sink.write("\\b")
    case 0x0C: try sink.write("\\f")
    case 0..<0x20: try writeUnicodeEscape(UInt16(byte), to: sink)
    default: try sink.write(byte: byte)
    }
  }

  private static func writeUnicodeEscape(_ unit: UInt16, to sink: ByteSink) throws {
    try sink.write("\\u")
    for shift in stride(from: 12, through: 0, by: -4) {
      try sink.write(byte: hexDigits[Int((unit >> UInt16(shift)) & 0xF)])
    }
  }
}

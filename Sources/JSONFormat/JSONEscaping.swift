import ReviewExporting

/// RFC 8259 string escaping.
enum JSONEscaping {
  private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

  /// Writes `value` as a JSON string literal: `"`, `\` and control characters
  /// escaped (`\n`, `\t`, … or `\u00XX`), everything else as UTF-8, or, with
  /// `escapeNonASCII`, every non-ASCII character as `\uXXXX` (surrogate pairs
  /// beyond U+FFFF).
  ///
  /// With `scriptSafe`, also `<`, DEL, C1 controls and noncharacters as
  /// `\uXXXX`, so that no text, not even `</script>`, can end an HTML
  /// `<script>` element the JSON is put in, and nothing HTML forbids in a
  /// page is in it.
  static func writeString(_ value: String, to sink: ByteSink, escapeNonASCII: Bool, scriptSafe: Bool = false) throws {
    try sink.write(byte: UInt8(ascii: "\""))
    if scriptSafe && !escapeNonASCII {
      var value = value
      try value.withUTF8 { try writeScriptSafe($0, to: sink) }
    } else if escapeNonASCII {
      for scalar in value.unicodeScalars {
        if scriptSafe && (scalar == "<" || scalar.value == 0x7F) {
          try writeUnicodeEscape(UInt16(scalar.value), to: sink)
        } else if scalar.value < 0x80 {
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
        while true {
          let index = JSONStringBytes.firstSpecial(in: utf8, from: runStart)
          try sink.write(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(utf8)[runStart..<index]))
          guard index < utf8.count else { break }
          try writeASCII(utf8[index], to: sink)
          runStart = index + 1
        }
      }
    }
    try sink.write(byte: UInt8(ascii: "\""))
  }

  /// The bytes of `block` that need a look when a string is written
  /// script-safe: an escape, `<`, DEL, or the first byte of a character
  /// that may be a C1 control or a noncharacter (C2, EF, F0–F4). Every
  /// other byte beyond ASCII is passed over with the plain run.
  @inline(__always)
  static func scriptSafeLook(_ block: ByteVector.Block) -> ByteVector.Flags {
    JSONStringBytes.special(block) .| (block .== ByteVector.splat(0x3C)) .| (block .== ByteVector.splat(0x7F))
      .| ByteVector.htmlForbiddenLeads(block)
  }

  /// Writes `utf8` (valid UTF-8) escaped for JSON and for a `<script>` element.
  ///
  /// Plain runs are skipped sixteen bytes at a time, straight to the first
  /// byte that needs a look (``scriptSafeLook(_:)``): characters beyond
  /// ASCII are part of the run unless their first byte can start a C1
  /// control (C2) or a noncharacter (EF, F0–F4); such a character is
  /// decoded and stepped over whole. (Stopping at every byte beyond ASCII
  /// made a page's JSON-LD thread stop at each character of a text in
  /// Chinese or Greek.)
  private static func writeScriptSafe(_ utf8: UnsafeBufferPointer<UInt8>, to sink: ByteSink) throws {
    guard let base = utf8.baseAddress else { return }
    let count = utf8.count
    let raw = UnsafeRawPointer(base)
    var index = 0
    var plain = 0
    while index < count {
      index = ByteVector.firstFlagged(base, from: index, count: count, by: { scriptSafeLook($0) })
      guard index < count else { break }
      let byte = base[index]
      if byte < 0x80 {
        // An escape, `<` or DEL: the test flags no other ASCII byte.
        try sink.write(UnsafeRawBufferPointer(start: raw + plain, count: index - plain))
        if byte == 0x3C || byte == 0x7F { try writeUnicodeEscape(UInt16(byte), to: sink) } else { try writeASCII(byte, to: sink) }
        index += 1
        plain = index
        continue
      }
      let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
      let end = min(index + length, count)
      if byte == 0xC2 || byte == 0xEF || byte >= 0xF0 {
        var value = UInt32(byte) & (length == 4 ? 0x07 : length == 3 ? 0x0F : 0x1F)
        for offset in (index + 1)..<end { value = value << 6 | UInt32(base[offset] & 0x3F) }
        if (0x80...0x9F).contains(value) || (0xFDD0...0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE {
          try sink.write(UnsafeRawBufferPointer(start: raw + plain, count: index - plain))
          if value > 0xFFFF {
            let offset = value - 0x10000
            try writeUnicodeEscape(UInt16(0xD800 + (offset >> 10)), to: sink)
            try writeUnicodeEscape(UInt16(0xDC00 + (offset & 0x3FF)), to: sink)
          } else {
            try writeUnicodeEscape(UInt16(value), to: sink)
          }
          plain = end
        }
      }
      index = end
    }
    try sink.write(UnsafeRawBufferPointer(start: raw + plain, count: count - plain))
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

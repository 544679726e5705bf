import Mustache

/// Escaping for HTML output: markup characters become entities, and the code
/// points HTML forbids (NUL, control characters other than tab, LF, FF and
/// CR, and noncharacters) become U+FFFD, as HTML parsers would read them.
struct HTMLEscaping: MustacheContentType {
  /// The name templates' pragma uses: `{{% CONTENT_TYPE: REVIEW_EXPORT_HTML }}`.
  static let name = "REVIEW_EXPORT_HTML"

  /// Registers the escaping with Mustache, once.
  static let registered: Bool = {
    MustacheContentTypes.register(HTMLEscaping(), named: name)
    return true
  }()

  /// Byte by byte: this runs for every value of a page. ASCII is looked at
  /// byte by byte; a multi-byte character is copied as it is unless its
  /// first byte is one a forbidden code point can start with (C2 for the C1
  /// controls, EF and F0–F4 for noncharacters), and then it is decoded.
  func escapeText(_ text: String) -> String {
    var text = text
    return text.withUTF8 { utf8 -> String in
      var out: [UInt8] = []
      out.reserveCapacity(utf8.count + utf8.count / 8)
      Self.escape(utf8, into: &out)
      return String(decoding: out, as: UTF8.self)
    }
  }

  /// Appends `utf8` (valid UTF-8) to `out`, escaped.
  static func escape(_ utf8: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
    var index = 0
    var plain = 0
    // Runs of bytes that need nothing are copied at once.
    func copyPlain(upTo end: Int) {
      if plain < end { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plain..<end])) }
    }
    while index < utf8.count {
      // The bytes that need nothing, skipped at once.
      index = Self.needsALook.firstMember(of: utf8, from: index, to: utf8.count)
      guard index < utf8.count else { break }
      let byte = utf8[index]
      if byte < 0x80 {
        let replacement: [UInt8]?
        switch byte {
        case UInt8(ascii: "<"): replacement = [0x26, 0x6C, 0x74, 0x3B]  // &lt;
        case UInt8(ascii: ">"): replacement = [0x26, 0x67, 0x74, 0x3B]  // &gt;
        case UInt8(ascii: "&"): replacement = [0x26, 0x61, 0x6D, 0x70, 0x3B]  // &amp;
        case UInt8(ascii: "\""): replacement = [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B]  // &quot;
        case UInt8(ascii: "'"): replacement = [0x26, 0x23, 0x33, 0x39, 0x3B]  // &#39;
        default: replacement = Self.isAllowed(Unicode.Scalar(byte)) ? nil : [0xEF, 0xBF, 0xBD]
        }
        if let replacement {
          copyPlain(upTo: index)
          out += replacement
          plain = index + 1
        }
        index += 1
        continue
      }
      let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
      let end = min(index + length, utf8.count)
      if byte == 0xC2 || byte == 0xEF || byte >= 0xF0 {
        let scalar = String(decoding: UnsafeBufferPointer(rebasing: utf8[index..<end]), as: UTF8.self).unicodeScalars.first!
        if !Self.isAllowed(scalar) {
          copyPlain(upTo: index)
          out += [0xEF, 0xBF, 0xBD]
          plain = end
        }
      }
      index = end
    }
    copyPlain(upTo: utf8.count)
  }

  /// The bytes that are escaped, or start a character that may be: markup,
  /// ASCII controls, and the first bytes of C1 controls and noncharacters.
  private static let needsALook = ByteTable { byte in
    byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xEF || byte >= 0xF0 || [0x3C, 0x3E, 0x26, 0x22, 0x27].contains(byte)  // < > & " '
  }

  static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    if v < 0x20 { return v == 0x09 || v == 0x0A || v == 0x0C || v == 0x0D }
    if (0x7F...0x9F).contains(v) || (0xFDD0...0xFDEF).contains(v) { return false }
    return v & 0xFFFE != 0xFFFE
  }
}

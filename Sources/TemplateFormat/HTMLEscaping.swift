import Mustache
import ReviewExporting

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
    guard let base = utf8.baseAddress else { return }
    let count = utf8.count
    var index = 0
    var plain = 0
    // Runs of bytes that need nothing are copied at once.
    func copyPlain(upTo end: Int) {
      if plain < end { out.append(contentsOf: UnsafeBufferPointer(start: base + plain, count: end - plain)) }
    }
    func replace(_ entity: StaticString, from start: Int, to end: Int) {
      copyPlain(upTo: start)
      // A byte at a time: the entities are a few bytes, and appending a
      // buffer costs more than that (it asks the buffer for its size, then copies).
      entity.withUTF8Buffer { for byte in $0 { out.append(byte) } }
      plain = end
    }
    while index < count {
      // The bytes that need nothing, skipped sixteen at a time.
      index = ByteVector.firstFlagged(base, from: index, count: count, by: { Self.needsLook($0) }, words: Self.lookMask)
      guard index < count else { break }
      let byte = base[index]
      guard Self.needsALook.contains(byte) else {
        // `#`, `$`, `%` or `=`, or a byte beyond ASCII that needs nothing
        // (text beyond ASCII comes in runs): the table looks at the next
        // few bytes. Continuation bytes are never in it, so whatever it
        // stops at begins a character.
        index = Self.needsALook.firstMember(of: utf8, from: index + 1, to: min(index + 16, count))
        continue
      }
      if byte < 0x80 {
        switch byte {
        case UInt8(ascii: "<"): replace("&lt;", from: index, to: index + 1)
        case UInt8(ascii: ">"): replace("&gt;", from: index, to: index + 1)
        case UInt8(ascii: "&"): replace("&amp;", from: index, to: index + 1)
        case UInt8(ascii: "\""): replace("&quot;", from: index, to: index + 1)
        case UInt8(ascii: "'"): replace("&#39;", from: index, to: index + 1)
        default: if !Self.isAllowed(UInt32(byte)) { replace("\u{FFFD}", from: index, to: index + 1) }
        }
        index += 1
        continue
      }
      // A character of several bytes: decoded only if its first byte can
      // start a C1 control (C2) or a noncharacter (EF, F0–F4).
      let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
      let end = min(index + length, count)
      if byte == 0xC2 || byte == 0xEF || byte >= 0xF0 {
        var value = UInt32(byte) & (length == 4 ? 0x07 : length == 3 ? 0x0F : 0x1F)
        for offset in (index + 1)..<end { value = value << 6 | UInt32(base[offset] & 0x3F) }
        if !Self.isAllowed(value) { replace("\u{FFFD}", from: index, to: end) }
      }
      index = end
    }
    copyPlain(upTo: count)
  }

  /// The bytes of `block` that ``lookMask(_:)`` flags, sixteen at a time.
  @inline(__always)
  static func needsLook(_ block: ByteVector.Block) -> ByteVector.Flags {
    let controlsAndBeyond: ByteVector.Flags = (block .< ByteVector.splat(0x20)) .| (block .>= ByteVector.splat(0x7F))
    let quoteToApostrophe: ByteVector.Flags = (block &- ByteVector.splat(0x22)) .< ByteVector.splat(6)
    let lessToGreater: ByteVector.Flags = (block &- ByteVector.splat(0x3C)) .< ByteVector.splat(3)
    return controlsAndBeyond .| quoteToApostrophe .| lessToGreater
  }

  /// A mask with the high bit set in each byte of `word` that may need a
  /// look: not ASCII, a control, `"` to `'` (`"`, `#`, `$`, `%`, `&`, `'`),
  /// `<` to `>`, or DEL. Each byte is tested on its own seven low bits, so no
  /// carry crosses into the next and every flag is exact.
  @inline(__always)
  static func lookMask(_ word: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let high: UInt64 = 0x8080_8080_8080_8080
    let ascii = word & ~high
    // `ascii + (0x80 - n)` has its high bit set where the byte is n or more.
    let control = ~(ascii &+ ones &* 0x60)
    let quoteToApostrophe = (ascii &+ ones &* 0x5E) & ~(ascii &+ ones &* 0x58)
    let lessToGreater = (ascii &+ ones &* 0x44) & ~(ascii &+ ones &* 0x41)
    let delete = ascii &+ ones
    return (word | control | quoteToApostrophe | lessToGreater | delete) & high
  }

  /// The bytes that are escaped, or start a character that may be: markup,
  /// ASCII controls, and the first bytes of C1 controls and noncharacters.
  private static let needsALook = ByteTable { byte in
    byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xEF || byte >= 0xF0 || [0x3C, 0x3E, 0x26, 0x22, 0x27].contains(byte)  // < > & " '
  }

  static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
    isAllowed(scalar.value)
  }

  /// Whether HTML allows the code point `v` in a page's text.
  static func isAllowed(_ v: UInt32) -> Bool {
    if v < 0x20 { return v == 0x09 || v == 0x0A || v == 0x0C || v == 0x0D }
    if (0x7F...0x9F).contains(v) || (0xFDD0...0xFDEF).contains(v) { return false }
    return v & 0xFFFE != 0xFFFE
  }
}

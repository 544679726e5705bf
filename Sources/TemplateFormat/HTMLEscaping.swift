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
      index = ByteVector.firstFlagged(base, from: index, count: count, by: { Self.needsLook($0) })
      guard index < count else { break }
      let byte = base[index]
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

  /// The bytes of `block` that are escaped, or start a character that may
  /// be: markup (`<`, `>`, `&`, `"`, `'`), ASCII controls and DEL, and the
  /// first bytes of C1 controls and noncharacters (C2, EF, F0–FF; none of
  /// them can be inside a character).
  @inline(__always)
  static func needsLook(_ block: ByteVector.Block) -> ByteVector.Flags {
    let controls: ByteVector.Flags = (block .< ByteVector.splat(0x20)) .| (block .== ByteVector.splat(0x7F))
    let leads = ByteVector.htmlForbiddenLeads(block)
    let angles: ByteVector.Flags = (block .== ByteVector.splat(0x3C)) .| (block .== ByteVector.splat(0x3E))
    let quotes: ByteVector.Flags =
      (block .== ByteVector.splat(0x26)) .| (block .== ByteVector.splat(0x22)) .| (block .== ByteVector.splat(0x27))
    return controls .| leads .| angles .| quotes
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

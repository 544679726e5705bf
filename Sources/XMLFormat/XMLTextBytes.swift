import ReviewExporting

/// Finds, sixteen bytes at a time, the bytes of a text that XML writing must
/// look at: those libxml2 escapes in element content (`<`, `>`, `&`, `"`,
/// CR) and those that may be characters XML 1.0 cannot carry (controls,
/// and 0xEF, which begins U+FFFE and U+FFFF). Catalog texts are long runs of
/// neither, skipped a block at a time instead of a byte at a time.
enum XMLTextBytes {
  /// The bytes of `block` that libxml2 escapes in element content.
  @inline(__always)
  static func escaped(_ block: ByteVector.Block) -> ByteVector.Flags {
    let angles: ByteVector.Flags = (block | ByteVector.splat(0x02)) .== ByteVector.splat(0x3E)
    let quoteOrAmpersand: ByteVector.Flags = (block | ByteVector.splat(0x04)) .== ByteVector.splat(0x26)
    return angles .| quoteOrAmpersand .| (block .== ByteVector.splat(0x0D))
  }

  /// The bytes of `block` that are control characters, or 0xEF.
  @inline(__always)
  static func suspect(_ block: ByteVector.Block) -> ByteVector.Flags {
    (block .< ByteVector.splat(0x20)) .| (block .== ByteVector.splat(0xEF))
  }

  /// The bytes of `block` that ``escaped(_:)`` or ``suspect(_:)`` flags:
  /// the bytes to look at when a text is escaped and checked in one pass.
  /// Four tests instead of seven: CR is a control, `(b | 2) == '>'` only for
  /// `<` and `>`, `(b | 4) == '&'` only for `"` and `&`.
  @inline(__always)
  static func escapeOrSuspect(_ block: ByteVector.Block) -> ByteVector.Flags {
    let controls: ByteVector.Flags = block .< ByteVector.splat(0x20)
    let angles: ByteVector.Flags = (block | ByteVector.splat(0x02)) .== ByteVector.splat(0x3E)
    let quoteOrAmpersand: ByteVector.Flags = (block | ByteVector.splat(0x04)) .== ByteVector.splat(0x26)
    return controls .| angles .| quoteOrAmpersand .| (block .== ByteVector.splat(0xEF))
  }

  /// The first index from `start` whose byte libxml2 escapes in element content, or `bytes.count`.
  @inline(__always)
  static func firstEscaped(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    guard let base = bytes.baseAddress else { return bytes.count }
    return ByteVector.firstFlagged(base, from: start, count: bytes.count, by: { escaped($0) })
  }

  /// The entity libxml2's `xmlEncodeSpecialChars` writes for `byte`.
  static func entity(for byte: UInt8) -> StaticString {
    switch byte {
    case 0x3C: "&lt;"
    case 0x3E: "&gt;"
    case 0x26: "&amp;"
    case 0x22: "&quot;"
    default: "&#13;"
    }
  }
}

import ReviewExporting

/// Finds, sixteen or eight bytes at a time, the bytes of a text that XML writing must
/// look at: those libxml2 escapes in element content (`<`, `>`, `&`, `"`,
/// CR) and those that may be characters XML 1.0 cannot carry (controls,
/// and 0xEF, which begins U+FFFE and U+FFFF). Catalog texts are long runs of
/// neither, skipped a word at a time instead of a byte at a time.
enum XMLTextBytes {
  /// Non-zero if some byte of `word` is one libxml2 escapes in element content.
  @inline(__always)
  static func escapeMask(_ word: UInt64) -> UInt64 {
    ByteWord.has(word, 0x3C) | ByteWord.has(word, 0x3E) | ByteWord.has(word, 0x26) | ByteWord.has(word, 0x22) | ByteWord.has(word, 0x0D)
  }

  /// Non-zero if some byte of `word` is a control character or 0xEF.
  @inline(__always)
  static func suspectMask(_ word: UInt64) -> UInt64 {
    ByteWord.hasLess(word, than: 0x20) | ByteWord.has(word, 0xEF)
  }

  /// Non-zero if some byte of `word` is one ``escapeMask(_:)`` or
  /// ``suspectMask(_:)`` flags: the bytes to look at when a text is escaped
  /// and checked in one pass. Four tests instead of seven: CR is a control,
  /// `(b | 2) == '>'` only for `<` and `>`, `(b | 4) == '&'` only for `"` and
  /// `&`. As with every test here, the lowest flagged byte is a true match.
  @inline(__always)
  static func escapeOrSuspectMask(_ word: UInt64) -> UInt64 {
    ByteWord.hasLess(word, than: 0x20) | ByteWord.has(word | 0x0202_0202_0202_0202, 0x3E)
      | ByteWord.has(word | 0x0404_0404_0404_0404, 0x26) | ByteWord.has(word, 0xEF)
  }

  /// The bytes of `block` that ``escapeOrSuspectMask(_:)`` flags, with
  /// the same four tests sixteen bytes at a time.
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
    let count = bytes.count
    var index = start
    while index + 8 <= count && escapeMask(ByteWord.load(base, at: index)) == 0 { index += 8 }
    while index < count {
      switch base[index] {
      case 0x3C, 0x3E, 0x26, 0x22, 0x0D: return index
      default: index += 1
      }
    }
    return count
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

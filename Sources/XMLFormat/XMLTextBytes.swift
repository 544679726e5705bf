/// Finds, eight bytes at a time, the bytes of a text that XML writing must
/// look at: those libxml2 escapes in element content (`<`, `>`, `&`, `"`,
/// CR) and those that may be characters XML 1.0 cannot carry (controls,
/// and 0xEF, which begins U+FFFE and U+FFFF). Catalog texts are long runs of
/// neither, skipped a word at a time instead of a byte at a time.
enum XMLTextBytes {
  private static let ones: UInt64 = 0x0101_0101_0101_0101
  private static let highBits: UInt64 = 0x8080_8080_8080_8080

  /// Non-zero if some byte of `word` is `byte` (the "has a zero byte" trick).
  @inline(__always)
  private static func has(_ word: UInt64, _ byte: UInt8) -> UInt64 {
    let x = word ^ (ones &* UInt64(byte))
    return (x &- ones) & ~x & highBits
  }

  /// Non-zero if some byte of `word` is one libxml2 escapes in element content.
  @inline(__always)
  static func escapeMask(_ word: UInt64) -> UInt64 {
    has(word, 0x3C) | has(word, 0x3E) | has(word, 0x26) | has(word, 0x22) | has(word, 0x0D)
  }

  /// Non-zero if some byte of `word` is a control character or 0xEF.
  @inline(__always)
  static func suspectMask(_ word: UInt64) -> UInt64 {
    ((word &- ones &* 0x20) & ~word & highBits) | has(word, 0xEF)
  }

  /// The first index from `start` whose byte libxml2 escapes in element content, or `bytes.count`.
  @inline(__always)
  static func firstEscaped(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    guard let base = bytes.baseAddress else { return bytes.count }
    let raw = UnsafeRawPointer(base)
    let count = bytes.count
    var index = start
    while index + 8 <= count && escapeMask(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) == 0 { index += 8 }
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

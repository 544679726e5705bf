/// Tests on eight bytes at once, for the writers and readers that skip the
/// long plain runs of catalog text a word at a time instead of a byte at a
/// time (JSON strings, XML content, YAML scalars).
///
/// Each test is non-zero exactly when some byte of the word passes it (a
/// borrow can flag a byte after a true match, never one without any), so
/// they say whether to look closer, not where.
public enum ByteWord {
  @usableFromInline static let ones: UInt64 = 0x0101_0101_0101_0101
  @usableFromInline static let highBits: UInt64 = 0x8080_8080_8080_8080

  /// The eight bytes from `offset`, in memory order from the low byte.
  @inlinable @inline(__always)
  public static func load(_ base: UnsafePointer<UInt8>, at offset: Int) -> UInt64 {
    UnsafeRawPointer(base).loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian
  }

  /// Non-zero if some byte of `word` is `byte`.
  @inlinable @inline(__always)
  public static func has(_ word: UInt64, _ byte: UInt8) -> UInt64 {
    let x = word ^ (ones &* UInt64(byte))
    return (x &- ones) & ~x & highBits
  }

  /// Non-zero if some byte of `word` is less than `bound` (at most 0x80).
  @inlinable @inline(__always)
  public static func hasLess(_ word: UInt64, than bound: UInt8) -> UInt64 {
    (word &- ones &* UInt64(bound)) & ~word & highBits
  }

  /// The index of the first byte from `index` that `test` flags, looked for
  /// a word at a time, or, if no whole word has one, the index from which
  /// fewer than eight bytes are left (the caller looks at those one by one).
  /// The skip over runs that need nothing, shared by the readers and
  /// writers. `test` may flag bytes after a true match but never before one,
  /// as every test here does, so that the lowest flag is a true match.
  @inlinable @inline(__always)
  public static func firstFlagged(
    _ base: UnsafePointer<UInt8>, from index: Int, count: Int, by test: (UInt64) -> UInt64
  ) -> Int {
    var index = index
    while index + 8 <= count {
      let mask = test(load(base, at: index))
      if mask != 0 { return index + mask.trailingZeroBitCount >> 3 }
      index += 8
    }
    return index
  }
}

/// Tests on sixteen bytes at once, with the portable SIMD types (SSE2 on
/// x86-64, NEON on arm64), for the readers and writers that skip long plain
/// runs of catalog text: twice as far per step as ``ByteWord``'s eight-byte
/// tests, and exact (each byte is tested on its own, with no borrow between
/// bytes).
///
/// A test compares a block with splatted bytes (``splat(_:)``, made where
/// the test is: a `static let` block costs a lazy-initialisation check at
/// every use) and combines the results with `.|`; compare with blocks, not
/// scalar literals, which the compiler does not turn into vector instructions.
public enum ByteVector {
  /// Sixteen bytes, in memory order.
  public typealias Block = SIMD16<UInt8>
  /// Which bytes of a ``Block`` a test flags.
  public typealias Flags = SIMDMask<SIMD16<Int8>>

  /// A block of sixteen copies of `byte`.
  @inlinable @inline(__always)
  public static func splat(_ byte: UInt8) -> Block {
    Block(repeating: byte)
  }

  /// The index of the first byte from `index` that `test` flags, looked for
  /// sixteen bytes at a time; in the last fifteen bytes or fewer, eight at a
  /// time with `words` (``ByteWord/firstFlagged(_:from:count:by:)``, whose
  /// result it returns there: the caller looks at what is left one by one).
  ///
  /// `test` must flag every byte that `words` would flag as a true match.
  @inlinable @inline(__always)
  public static func firstFlagged(
    _ base: UnsafePointer<UInt8>, from index: Int, count: Int, by test: (Block) -> Flags,
    words: (UInt64) -> UInt64
  ) -> Int {
    var index = index
    let raw = UnsafeRawPointer(base)
    while index &+ 16 <= count {
      let flags = test(raw.loadUnaligned(fromByteOffset: index, as: Block.self))
      // A flagged byte is 0xFF, the others 0: the two halves say which.
      let halves = unsafeBitCast(flags, to: SIMD2<UInt64>.self)
      let low = UInt64(littleEndian: halves[0])
      let high = UInt64(littleEndian: halves[1])
      if low | high != 0 {
        return index &+ (low != 0 ? low.trailingZeroBitCount >> 3 : 8 &+ high.trailingZeroBitCount >> 3)
      }
      index &+= 16
    }
    return ByteWord.firstFlagged(base, from: index, count: count, by: words)
  }
}

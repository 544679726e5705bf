/// Tests on sixteen bytes at once, with the portable SIMD types (SSE2 on
/// x86-64, NEON on arm64), for the readers and writers that skip the long
/// plain runs of catalog text (JSON strings, XML and HTML content, CSV
/// cells, YAML scalars, UTF-8 checks) a block at a time instead of a byte
/// at a time. Each byte is tested on its own, so a test flags exactly the
/// bytes it stands for, and the skip stops at the first of them.
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

  /// The index of the first byte from `index` that `test` flags, or
  /// `count` if none is: sixteen bytes at a time, and the last fifteen or
  /// fewer as one more block (the buffer's last sixteen bytes with those
  /// already looked at left out, or, in a buffer of fewer than sixteen, its
  /// bytes copied into a block), never reading outside `base[0..<count]`.
  @inlinable @inline(__always)
  public static func firstFlagged(
    _ base: UnsafePointer<UInt8>, from index: Int, count: Int, by test: (Block) -> Flags
  ) -> Int {
    var index = index
    let raw = UnsafeRawPointer(base)
    while index &+ 16 <= count {
      if let lane = firstLane(test(raw.loadUnaligned(fromByteOffset: index, as: Block.self))) { return index &+ lane }
      index &+= 16
    }
    guard index < count else { return count }
    let lanes = Block(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
    if count >= 16 {
      let start = count &- 16
      let block = raw.loadUnaligned(fromByteOffset: start, as: Block.self)
      let flags = test(block) .& (lanes .>= Block(repeating: UInt8(truncatingIfNeeded: index &- start)))
      return firstLane(flags).map { start &+ $0 } ?? count
    }
    var block = Block(repeating: 0)
    withUnsafeMutableBytes(of: &block) { $0.baseAddress!.copyMemory(from: raw + index, byteCount: count &- index) }
    let flags = test(block) .& (lanes .< Block(repeating: UInt8(truncatingIfNeeded: count &- index)))
    return firstLane(flags).map { index &+ $0 } ?? count
  }

  /// The bytes of `block` that may begin a character beyond ASCII that
  /// HTML forbids in a page: C2 (C1 controls), EF (U+FFFE, U+FFFF and other
  /// noncharacters of the BMP) and F0–FF (noncharacters of the other
  /// planes). None of them can be inside a character, so a skip over valid
  /// UTF-8 may step over every other byte beyond ASCII without a look.
  @inlinable @inline(__always)
  public static func htmlForbiddenLeads(_ block: Block) -> Flags {
    (block .== splat(0xC2)) .| (block .== splat(0xEF)) .| (block .>= splat(0xF0))
  }

  /// The first lane `flags` has set, or `nil`.
  @inlinable @inline(__always)
  public static func firstLane(_ flags: Flags) -> Int? {
    // A flagged byte is 0xFF, the others 0: the two halves say which.
    let halves = unsafeBitCast(flags, to: SIMD2<UInt64>.self)
    let low = UInt64(littleEndian: halves[0])
    let high = UInt64(littleEndian: halves[1])
    guard low | high != 0 else { return nil }
    return low != 0 ? low.trailingZeroBitCount >> 3 : 8 &+ high.trailingZeroBitCount >> 3
  }
}

import ReviewExporting
import TestSupport
import Testing

/// `ByteVector.firstFlagged` skips sixteen bytes at a time and hands the
/// last fifteen or fewer to the eight-byte words: whatever the length and
/// wherever the flagged bytes are, it stops at the first one in a whole
/// block, and never skips one.
@Suite struct ByteVectorTests {
  /// Flags `"` and bytes from 0xF0, as a block, as a word (exactly, as
  /// every word test here is at its lowest flag), and one by one.
  static func flags(_ block: ByteVector.Block) -> ByteVector.Flags {
    (block .== ByteVector.splat(0x22)) .| (block .>= ByteVector.splat(0xF0))
  }
  static func wordFlags(_ word: UInt64) -> UInt64 {
    var mask: UInt64 = 0
    for lane in 0..<8 where isFlagged(UInt8(truncatingIfNeeded: word >> (lane * 8))) { mask |= 0x80 << (lane * 8) }
    return mask
  }
  static func isFlagged(_ byte: UInt8) -> Bool { byte == 0x22 || byte >= 0xF0 }

  /// Where the skip stopped in `bytes` from `start`, checked against the
  /// rule: nothing flagged before it, and at it a flagged byte or fewer than
  /// eight bytes left.
  static func check(_ bytes: [UInt8], from start: Int) -> String? {
    let stop = bytes.withUnsafeBufferPointer { buffer in
      ByteVector.firstFlagged(buffer.baseAddress!, from: start, count: buffer.count, by: flags, words: wordFlags)
    }
    let first = bytes[start...].firstIndex(where: isFlagged) ?? bytes.count
    // A flag in a whole block is found itself, not its block or the word before it.
    let block = start + (first - start) / 16 * 16
    if first < bytes.count && block + 16 <= bytes.count {
      return stop == first ? nil : "stopped at \(stop), not at the flag at \(first) in a whole block"
    }
    if stop > first { return "skipped the flag at \(first), stopped at \(stop)" }
    if stop < first && bytes.count - stop >= 8 { return "stopped at \(stop) before the flag at \(first)" }
    return nil
  }

  @Test func everyFlagAtEveryOffsetAfterEveryStartIsFound() {
    var failures: [String] = []
    for count in 1...50 {
      for start in 0..<min(count, 17) {
        // One flagged byte of each kind at every offset, with another one after it.
        for offset in start..<count {
          for flagged in [0x22, 0xF0, 0xFF] as [UInt8] {
            var bytes = [UInt8](repeating: 0x61, count: count)
            bytes[offset] = flagged
            if offset + 3 < count { bytes[offset + 3] = 0x22 }
            if let failure = Self.check(bytes, from: start) { failures.append("\(count) \(start) \(offset): \(failure)") }
          }
        }
        // None at all: only the tail is left.
        if let failure = Self.check([UInt8](repeating: 0x61, count: count), from: start) {
          failures.append("\(count) \(start) plain: \(failure)")
        }
      }
    }
    #expect(failures.isEmpty, "\(failures.prefix(10))")
  }

  /// The block test flags exactly the bytes the rule does, in every lane.
  @Test func theBlockTestFlagsEachLaneOnItsOwn() {
    #expect(ByteVectorLanes.disagreements(of: Self.flags, with: Self.isFlagged).isEmpty)
  }
}

import ReviewExporting
import TestSupport
import Testing

/// `ByteVector.firstFlagged` skips sixteen bytes at a time and looks at the
/// last fifteen or fewer as one more block (the buffer's last sixteen bytes,
/// or a copy when the buffer is shorter): whatever the length, the start and
/// wherever the flagged bytes are, it stops at the first one, or at the end.
@Suite struct ByteVectorTests {
  /// Flags `"` and bytes from 0xF0.
  static func flags(_ block: ByteVector.Block) -> ByteVector.Flags {
    (block .== ByteVector.splat(0x22)) .| (block .>= ByteVector.splat(0xF0))
  }
  static func isFlagged(_ byte: UInt8) -> Bool { byte == 0x22 || byte >= 0xF0 }

  @Test func everyFlagAtEveryOffsetAfterEveryStartIsFound() {
    var failures: [String] = []
    func check(_ bytes: [UInt8], from start: Int, _ what: String) {
      let found = bytes.withUnsafeBufferPointer { buffer in
        ByteVector.firstFlagged(buffer.baseAddress!, from: start, count: buffer.count, by: Self.flags)
      }
      let expected = bytes[start...].firstIndex(where: Self.isFlagged) ?? bytes.count
      if found != expected { failures.append("\(what): \(found), not \(expected)") }
    }
    for count in 1...50 {
      for start in 0..<count {
        // One flagged byte of each kind at every offset, with another after
        // it, and one before the start (which must not be found).
        for offset in start..<count {
          for flagged in [0x22, 0xF0, 0xFF] as [UInt8] {
            var bytes = [UInt8](repeating: 0x61, count: count)
            bytes[offset] = flagged
            if offset + 3 < count { bytes[offset + 3] = 0x22 }
            if start > 0 { bytes[start - 1] = 0x22 }
            check(bytes, from: start, "\(count) bytes from \(start), 0x\(String(flagged, radix: 16)) at \(offset)")
          }
        }
        var plain = [UInt8](repeating: 0x61, count: count)
        if start > 0 { plain[start - 1] = 0x22 }
        check(plain, from: start, "\(count) bytes from \(start), none after")
      }
    }
    #expect(failures.isEmpty, "\(failures.prefix(10))")
  }

  /// Bytes next to the flagged ones (0x21, 0x23, 0xEF) are never flagged, in any lane.
  @Test func theBlockTestFlagsEachLaneOnItsOwn() {
    #expect(ByteVectorLanes.disagreements(of: Self.flags, with: Self.isFlagged).isEmpty)
  }

  @Test func theFirstLaneIsTheLowest() {
    for first in 0..<16 {
      for second in first..<16 {
        var block = ByteVector.splat(0)
        block[first] = 0x22
        block[second] = 0xF0
        #expect(ByteVector.firstLane(Self.flags(block)) == first)
      }
    }
    #expect(ByteVector.firstLane(Self.flags(ByteVector.splat(0x61))) == nil)
  }
}

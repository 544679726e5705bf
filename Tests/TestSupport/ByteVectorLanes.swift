import ReviewExporting

/// Checks a sixteen-byte test (`ByteVector`) against the rule it stands
/// for, one byte at a time: every byte value in every lane, among bytes the
/// rule does not flag.
public enum ByteVectorLanes {
  /// The byte values and lanes where `test` disagrees with `rule`; empty when they agree.
  public static func disagreements(
    of test: (ByteVector.Block) -> ByteVector.Flags, with rule: (UInt8) -> Bool
  ) -> [String] {
    let filler = (0...255 as ClosedRange<UInt8>).first { !rule($0) }!
    var disagreements: [String] = []
    for lane in 0..<16 {
      for byte in 0...255 as ClosedRange<UInt8> {
        var block = ByteVector.splat(filler)
        block[lane] = byte
        let flags = test(block)
        for other in 0..<16 where flags[other] != (other == lane && rule(byte)) {
          disagreements.append("0x\(String(byte, radix: 16)) in lane \(lane): lane \(other) \(flags[other] ? "flagged" : "not flagged")")
        }
      }
    }
    return disagreements
  }
}

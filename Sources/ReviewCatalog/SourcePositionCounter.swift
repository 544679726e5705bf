/// Turns byte offsets into line:column positions, remembering where it got
/// to, so that positions asked for in (roughly) document order cost one pass
/// over the text in all rather than one pass each.
///
/// The positions are those of ``SourcePosition/init(offset:in:)``.
public struct SourcePositionCounter: Sendable {
  private var offset = 0
  private var line = 1
  private var column = 1

  /// A counter at the start of a text.
  public init() {}

  /// The position of byte `target` in UTF-8 `bytes`.
  public mutating func position(of target: Int, in bytes: UnsafeBufferPointer<UInt8>) -> SourcePosition {
    let target = max(0, min(target, bytes.count))
    if target < offset {
      // Back up: drop the line breaks passed, then count the column from the line's start.
      for index in target..<offset where bytes[index] == UInt8(ascii: "\n") { line -= 1 }
      var start = target
      while start > 0 && bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
      column = 1
      for index in start..<target where bytes[index] & 0xC0 != 0x80 { column += 1 }
      offset = target
    }
    while offset < target {
      let byte = bytes[offset]
      if byte == UInt8(ascii: "\n") {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
      offset += 1
    }
    return SourcePosition(line: line, column: column)
  }
}

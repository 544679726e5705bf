import ReviewExporting

/// Finds, eight bytes at a time, the bytes that end a plain run of a JSON
/// string: `"`, `\` and control characters (below 0x20). Strings in catalogs
/// are long runs of plain text, so the reader (which also checks UTF-8 on
/// the way, ``endOfCheckedRun(in:from:nonASCII:)``) and the writer
/// (``firstSpecial(in:from:)``) skip them a word at a time.
enum JSONStringBytes {
  private static let ones: UInt64 = 0x0101_0101_0101_0101
  private static let highBits: UInt64 = 0x8080_8080_8080_8080

  /// A mask with the high bit set in the bytes of `word` that are special
  /// (and possibly in bytes after the first special one, never before it).
  @inline(__always)
  static func specialMask(_ word: UInt64) -> UInt64 {
    let quote = word ^ (ones &* 0x22)
    let backslash = word ^ (ones &* 0x5C)
    // The classic "has a zero byte" and "has a byte less than n" tricks; the
    // lowest flagged byte is always a true match.
    let quotes = (quote &- ones) & ~quote
    let backslashes = (backslash &- ones) & ~backslash
    let controls = (word &- ones &* 0x20) & ~word
    return (quotes | backslashes | controls) & highBits
  }

  /// The bytes of `block` that are special.
  @inline(__always)
  static func special(_ block: ByteVector.Block) -> ByteVector.Flags {
    (block .== ByteVector.splat(0x22)) .| (block .== ByteVector.splat(0x5C)) .| (block .< ByteVector.splat(0x20))
  }

  /// The bytes of `block` that are special, or not ASCII.
  @inline(__always)
  static func specialOrBeyondASCII(_ block: ByteVector.Block) -> ByteVector.Flags {
    special(block) .| (block .>= ByteVector.splat(0x80))
  }

  /// The index of the first special byte of `bytes` at or after `start`, or
  /// `bytes.count`: where the writer's plain run ends.
  @inline(__always)
  static func firstSpecial(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    guard let base = bytes.baseAddress else { return start }
    let count = bytes.count
    var index = ByteVector.firstFlagged(base, from: start, count: count, by: { special($0) }, words: specialMask)
    while index < count {
      let byte = base[index]
      if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return index }
      index += 1
    }
    return count
  }

  /// The index of the first byte at or after `start` that ends a plain run
  /// of a string as the reader sees it, checking UTF-8 on the way: a special
  /// byte (`"`, `\`, a control character), the lead byte of a sequence that
  /// is not valid UTF-8 (the only kind of byte from 0x80 it stops at), or
  /// `bytes.count`. Sets `nonASCII` if a byte before it is not ASCII.
  ///
  /// One pass instead of two (finding the run's end, then checking its
  /// UTF-8): ASCII words with nothing special go eight bytes at a time, and
  /// a character from 0x80 is checked where it is met, as
  /// ``UTF8Validation/sequenceLength(_:at:count:)`` checks it.
  @inline(__always)
  static func endOfCheckedRun(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, nonASCII: inout Bool) -> Int {
    guard let base = bytes.baseAddress else { return start }
    var index = start
    let count = bytes.count
    while true {
      // The lowest flagged byte is a true match of one test or the other.
      index = ByteVector.firstFlagged(
        base, from: index, count: count, by: { specialOrBeyondASCII($0) }, words: { specialMask($0) | ($0 & highBits) })
      guard index < count else { return count }
      let byte = base[index]
      if byte < 0x80 {
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return index }
        index += 1
        continue
      }
      // Characters beyond ASCII come in runs (a word of Polish, a line of
      // Japanese): each is checked straight after the one before, without
      // going back to the word test.
      repeat {
        let length = UTF8Validation.sequenceLength(base, at: index, count: count)
        guard length != 0 else { return index }
        nonASCII = true
        index += length
      } while index < count && base[index] >= 0x80
    }
  }
}

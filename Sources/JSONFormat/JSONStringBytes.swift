import ReviewExporting

/// Finds, sixteen bytes at a time, the bytes that end a plain run of a JSON
/// string: `"`, `\` and control characters (below 0x20). Strings in catalogs
/// are long runs of plain text, so the reader (which also checks UTF-8 on
/// the way, ``endOfCheckedRun(in:from:nonASCII:)``) and the writer
/// (``firstSpecial(in:from:)``) skip them a block at a time.
enum JSONStringBytes {
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
    return ByteVector.firstFlagged(base, from: start, count: bytes.count, by: { special($0) })
  }

  /// The index of the first byte at or after `start` that ends a plain run
  /// of a string as the reader sees it, checking UTF-8 on the way: a special
  /// byte (`"`, `\`, a control character), the lead byte of a sequence that
  /// is not valid UTF-8 (the only kind of byte from 0x80 it stops at), or
  /// `bytes.count`. Sets `nonASCII` if a byte before it is not ASCII.
  ///
  /// One pass instead of two (finding the run's end, then checking its
  /// UTF-8): ASCII with nothing special goes sixteen bytes at a time, and
  /// a character from 0x80 is checked where it is met, as
  /// ``UTF8Validation/sequenceLength(_:at:count:)`` checks it.
  @inline(__always)
  static func endOfCheckedRun(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, nonASCII: inout Bool) -> Int {
    guard let base = bytes.baseAddress else { return start }
    var index = start
    let count = bytes.count
    while true {
      index = ByteVector.firstFlagged(base, from: index, count: count, by: { specialOrBeyondASCII($0) })
      // A byte below 0x80 it stops at is special: the run ends there.
      guard index < count, base[index] >= 0x80 else { return index }
      // Characters beyond ASCII come in runs (a word of Polish, a line of
      // Japanese): each is checked straight after the one before, without
      // going back to the block test.
      repeat {
        let length = UTF8Validation.sequenceLength(base, at: index, count: count)
        guard length != 0 else { return index }
        nonASCII = true
        index += length
      } while index < count && base[index] >= 0x80
    }
  }
}

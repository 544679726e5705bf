/// Checks UTF-8 strictly (no overlong forms, surrogates or code points past
/// U+10FFFF: the rules Swift's `String` keeps), with a fast path for ASCII,
/// which most catalog text is, and makes strings of what it has checked.
///
/// Swift checks UTF-8 again whenever it makes a `String` from bytes, a byte at
/// a time once it has met one that is not ASCII: for a review body with one
/// accented letter, the whole body. That was a quarter of the JSON reader's
/// thread, the critical path of every export from JSON. Checked here sixteen
/// bytes at a time across ASCII runs, a text becomes a string without being
/// checked again (``string(_:)``).
public enum UTF8Validation {
  /// The index of the first byte that is not part of a valid UTF-8 sequence,
  /// or `slice.count` if there is none.
  public static func firstInvalid(in slice: UnsafeBufferPointer<UInt8>) -> Int {
    var isASCII = true
    return firstInvalid(in: slice, isASCII: &isASCII)
  }

  /// The index of the first byte that is not part of a valid UTF-8 sequence,
  /// or `slice.count`; clears `isASCII` if a byte before it is not ASCII.
  @inlinable
  public static func firstInvalid(in slice: UnsafeBufferPointer<UInt8>, isASCII: inout Bool) -> Int {
    guard let base = slice.baseAddress else { return 0 }
    let count = slice.count
    var i = 0
    while i < count {
      // ASCII runs sixteen bytes at a time, after every character.
      i = ByteVector.firstFlagged(base, from: i, count: count, by: { $0 .>= ByteVector.splat(0x80) })
      guard i < count else { break }
      isASCII = false
      let length = sequenceLength(base, at: i, count: count)
      guard length != 0 else { return i }
      i += length
    }
    return count
  }

  /// The length of the valid UTF-8 sequence whose lead byte, not ASCII, is
  /// at `base[i]` (`i < count`), or 0 if the bytes from there are not one.
  @inlinable @inline(__always)
  public static func sequenceLength(_ base: UnsafePointer<UInt8>, at i: Int, count: Int) -> Int {
    let lead = base[i]
    let length: Int
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0: length = 3; low = 0xA0
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED: length = 3; high = 0x9F
    case 0xF0: length = 4; low = 0x90
    case 0xF1...0xF3: length = 4
    case 0xF4: length = 4; high = 0x8F
    default: return 0
    }
    guard i + length <= count else { return 0 }
    let second = base[i + 1]
    guard second >= low && second <= high else { return 0 }
    if length > 2 {
      guard base[i + 2] & 0xC0 == 0x80 else { return 0 }
      if length > 3 { guard base[i + 3] & 0xC0 == 0x80 else { return 0 } }
    }
    return length
  }

  /// `bytes` as a string, or `nil` if they are not valid UTF-8 (Swift would
  /// have replaced the invalid bytes with U+FFFD).
  @inlinable
  public static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    var isASCII = true
    guard firstInvalid(in: bytes, isASCII: &isASCII) == bytes.count else { return nil }
    return checkedString(bytes, isASCII: isASCII)
  }

  /// `bytes`, which are all ASCII (checked by the caller), as a string.
  @inlinable
  public static func asciiString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    checkedString(bytes, isASCII: true)
  }

  /// A string of `bytes`, which the caller has checked to be valid UTF-8
  /// (as ``firstInvalid(in:isASCII:)`` and
  /// ``sequenceLength(_:at:count:)`` check it); `isASCII` must say whether
  /// they are all ASCII. Bytes that are not valid UTF-8 would make a broken
  /// string: this is for scanners that check as they go.
  @inlinable
  public static func checkedString(_ bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool) -> String {
    _stringFromCheckedUTF8(bytes, isASCII: isASCII)
  }
}

/// The standard library's own constructor of a string from bytes known to be
/// valid UTF-8 (`String._uncheckedFromUTF8(_:isASCII:)`, the one its literals
/// and its validating initialisers end in). It is `@usableFromInline`: part
/// of the library's stable ABI, which code inlined from the library calls, so
/// it cannot go away; it has no public spelling. Only ``UTF8Validation`` calls
/// it, and only with bytes it has checked (`UTF8ValidationTests` compares its
/// verdicts with `String(validating:as:)` on every one- and two-byte
/// sequence, every lead byte with the boundary bytes after it, every 7th
/// scalar and 20,000 random texts).
@_silgen_name("$sSS18_uncheckedFromUTF8_7isASCIISSSRys5UInt8VG_SbtFZ")
@usableFromInline
func _stringFromCheckedUTF8(_ bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool) -> String

/// Checks UTF-8 strictly (no overlong forms, surrogates or code points past
/// U+10FFFF), with a fast path for ASCII, which most catalog text is.
enum UTF8Validation {
  /// The index of the first byte that is not part of a valid UTF-8 sequence.
  static func firstInvalid(in slice: UnsafeBufferPointer<UInt8>) -> Int {
    guard let base = slice.baseAddress else { return 0 }
    let raw = UnsafeRawPointer(base)
    let count = slice.count
    var i = 0
    while i < count {
      // ASCII runs eight bytes at a time, after every character.
      while i + 8 <= count && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
        i += 8
      }
      guard i < count else { break }
      let lead = slice[i]
      if lead < 0x80 {
        i += 1
        continue
      }
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
      default: return i
      }
      guard i + length <= count else { return i }
      let second = slice[i + 1]
      guard second >= low && second <= high else { return i }
      for k in 2..<max(2, length) where slice[i + k] & 0xC0 != 0x80 { return i }
      i += length
    }
    return count
  }
}

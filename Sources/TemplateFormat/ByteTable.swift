/// A set of bytes looked up by byte: the bytes an escaping looks at, so
/// that it can skip the others in a tight loop and copy them at once.
struct ByteTable: @unchecked Sendable {
  /// 256 flags, filled once, before any read, and never freed or changed
  /// (the tables are static).
  private let flags: UnsafePointer<Bool>

  /// The bytes for which `contains` is true.
  init(_ contains: (UInt8) -> Bool) {
    let flags = UnsafeMutablePointer<Bool>.allocate(capacity: 256)
    for byte in 0..<256 { flags[byte] = contains(UInt8(byte)) }
    self.flags = UnsafePointer(flags)
  }

  /// Whether `byte` is in the set.
  func contains(_ byte: UInt8) -> Bool { flags[Int(byte)] }

  /// The first place from `index` up to `end` whose byte is in the set, or `end`.
  func firstMember(of bytes: UnsafeBufferPointer<UInt8>, from index: Int, to end: Int) -> Int {
    guard let base = bytes.baseAddress else { return end }
    var index = index
    while index < end && !flags[Int(base[index])] { index += 1 }
    return index
  }
}

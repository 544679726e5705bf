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
    // Four bytes a step while none is in the set (the flags of four bytes
    // or'ed: one test and one branch for four), then byte by byte.
    let flags = UnsafeRawPointer(self.flags).assumingMemoryBound(to: UInt8.self)
    while index &+ 4 <= end {
      let any =
        flags[Int(base[index])] | flags[Int(base[index &+ 1])] | flags[Int(base[index &+ 2])] | flags[Int(base[index &+ 3])]
      if any != 0 { break }
      index &+= 4
    }
    while index < end && flags[Int(base[index])] == 0 { index += 1 }
    return index
  }
}

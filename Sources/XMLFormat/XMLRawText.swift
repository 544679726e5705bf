/// The bytes of one raw write to libxml2's writer (an element written whole,
/// escaped content), gathered by pointer into storage kept from write to
/// write: room for the most a write can take is made once, before it
/// starts, so that no append checks capacity or uniqueness (an array's
/// appends did, at every run of bytes).
struct XMLRawText {
  private var base: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  /// How many bytes are gathered.
  private(set) var count = 0

  init() {
    capacity = 1 << 12
    base = .allocate(capacity: capacity)
  }

  /// Frees the storage; the text is not used again.
  func deallocate() { base.deallocate() }

  /// Empties the text and makes room for `needed` bytes.
  mutating func reset(reserving needed: Int) {
    count = 0
    guard needed > capacity else { return }
    base.deallocate()
    capacity = max(needed, capacity * 2)
    base = .allocate(capacity: capacity)
  }

  /// Appends a byte; room was reserved.
  mutating func append(_ byte: UInt8) {
    assert(count < capacity)
    base[count] = byte
    count += 1
  }

  /// Appends bytes; room was reserved.
  mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    assert(count + bytes.count <= capacity)
    guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
    (base + count).update(from: source, count: bytes.count)
    count += bytes.count
  }

  /// Appends `utf8` escaped as libxml2's `xmlEncodeSpecialChars` escapes
  /// element content (`<`, `>`, `&`, `"` and CR); room was reserved for six
  /// bytes a byte.
  mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
    var start = 0
    var next = XMLTextBytes.firstEscaped(in: utf8, from: 0)
    while next < utf8.count {
      append(UnsafeBufferPointer(rebasing: utf8[start..<next]))
      let entity = XMLTextBytes.entity(for: utf8[next])
      append(UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
      start = next + 1
      next = XMLTextBytes.firstEscaped(in: utf8, from: start)
    }
    append(UnsafeBufferPointer(rebasing: utf8[start...]))
  }

  /// Runs `body` on the gathered bytes.
  func withBytes<R>(_ body: (UnsafePointer<UInt8>, Int32) -> R) -> R {
    body(base, Int32(count))
  }
}

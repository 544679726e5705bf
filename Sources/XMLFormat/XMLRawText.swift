import ReviewExporting

/// The bytes of one raw write to libxml2's writer (an element written whole,
/// escaped content), gathered by pointer into storage kept from write to
/// write (an array's appends checked uniqueness at every run of bytes).
///
/// Room is reserved for what a write is known to take, and grows, doubling,
/// only when escapes make it longer; storage grown past 1 MiB for a long
/// text is given back at the next write that fits in less, so one long text
/// does not stay resident for the rest of the export.
struct XMLRawText {
  private static let initialCapacity = 1 << 12
  private static let keptCapacity = 1 << 20

  private var base: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  /// How many bytes are gathered.
  private(set) var count = 0

  init() {
    capacity = Self.initialCapacity
    base = .allocate(capacity: capacity)
  }

  /// Frees the storage; the text is not used again.
  func deallocate() { base.deallocate() }

  /// Empties the text and makes room for `needed` bytes.
  mutating func reset(reserving needed: Int) {
    count = 0
    if needed > capacity {
      reallocate(to: max(needed, capacity * 2))
    } else if capacity > Self.keptCapacity && needed <= Self.keptCapacity {
      reallocate(to: Self.initialCapacity)
    }
  }

  @inline(never)
  private mutating func reallocate(to newCapacity: Int) {
    let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
    grown.update(from: base, count: count)
    base.deallocate()
    base = grown
    capacity = newCapacity
  }

  /// Appends a byte.
  @inline(__always)
  mutating func append(_ byte: UInt8) {
    if _slowPath(count == capacity) { reallocate(to: capacity * 2) }
    base[count] = byte
    count += 1
  }

  /// Appends bytes.
  @inline(__always)
  mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
    if _slowPath(count + bytes.count > capacity) { reallocate(to: max(count + bytes.count, capacity * 2)) }
    (base + count).update(from: source, count: bytes.count)
    count += bytes.count
  }

  /// Appends `utf8` escaped as libxml2's `xmlEncodeSpecialChars` escapes
  /// element content (`<`, `>`, `&`, `"` and CR).
  ///
  /// With `refusing`, it also checks that XML 1.0 can carry every character
  /// (``XMLCharacters/allAllowed(_:)``, in the same pass) and returns
  /// `false` at the first one it cannot, with part of the text appended;
  /// otherwise it returns `true`.
  @inline(__always)
  mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, refusing: Bool = false) -> Bool {
    guard let base = utf8.baseAddress else { return true }
    let count = utf8.count
    var start = 0
    var index = 0
    while true {
      index = ByteVector.firstFlagged(base, from: index, count: count, by: { XMLTextBytes.escapeOrSuspect($0) })
      guard index < count else { break }
      let byte = base[index]
      switch byte {
      case 0x3C, 0x3E, 0x26, 0x22, 0x0D:
        append(UnsafeBufferPointer(start: base + start, count: index - start))
        let entity = XMLTextBytes.entity(for: byte)
        append(UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
        start = index + 1
      case 0x09, 0x0A:
        break
      case ..<0x20:
        if refusing { return false }
      case 0xEF:
        // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
        if refusing && index + 2 < count && base[index + 1] == 0xBF && base[index + 2] & 0xFE == 0xBE { return false }
      default:
        break
      }
      index += 1
    }
    append(UnsafeBufferPointer(start: base + start, count: count - start))
    return true
  }

  /// Runs `body` on the gathered bytes.
  func withBytes<R>(_ body: (UnsafePointer<UInt8>, Int32) -> R) -> R {
    body(base, Int32(count))
  }
}

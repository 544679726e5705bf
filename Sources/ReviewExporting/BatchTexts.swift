/// The texts of one batch of a parser's events, one after the other:
/// copied from the C library on the parser's thread (an ``EventProducer``
/// on a ``ProducerThread``), made Swift strings on the reader's, so that
/// checking and allocating them is not on the parser's critical path.
///
/// A batch's events refer to their texts by offset and length. The parser
/// appends until it hands the batch over; the reader only reads.
///
/// The bytes are a buffer of its own rather than an `[UInt8]`: appending is
/// a copy and cutting back is setting a count (through an array, the two
/// were 6% of libxml2's thread, most of it `replaceSubrange` dropping the
/// whitespace between elements).
public final class BatchTexts: @unchecked Sendable {
  // One thread at a time, by construction: run-time exclusivity checks off.
  @usableFromInline @exclusivity(unchecked) var base: UnsafeMutablePointer<UInt8>
  @usableFromInline @exclusivity(unchecked) var capacity: Int
  @usableFromInline @exclusivity(unchecked) var used = 0

  /// Empty texts, room made for `capacity` bytes.
  public init(capacity: Int = 0) {
    self.capacity = max(capacity, 64)
    base = .allocate(capacity: self.capacity)
  }

  deinit { base.deallocate() }

  /// How many bytes the texts hold.
  @inlinable public var count: Int { used }

  /// Appends `text`'s bytes (inlined: it is called for every text).
  @inlinable public func append(_ text: UnsafeBufferPointer<UInt8>) {
    guard let source = text.baseAddress, !text.isEmpty else { return }
    if text.count > capacity - used { grow(toHold: used + text.count) }
    (base + used).initialize(from: source, count: text.count)
    used += text.count
  }

  /// Makes room for `needed` bytes in all, keeping those there are.
  @usableFromInline func grow(toHold needed: Int) {
    var larger = capacity * 2
    while larger < needed { larger *= 2 }
    let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
    moved.initialize(from: base, count: used)
    base.deallocate()
    base = moved
    capacity = larger
  }

  /// Moves the bytes from `start` on to the end of `other`.
  public func moveBytes(from start: Int, to other: BatchTexts) {
    guard start < used else { return }
    other.append(UnsafeBufferPointer(start: base + start, count: used - start))
    used = start
  }

  /// Removes the bytes from `start` on.
  public func removeBytes(from start: Int) {
    used = min(used, start)
  }

  /// Whether every byte from `start` on is a space, a tab, a line feed or a
  /// carriage return (XML's whitespace).
  public func isWhitespace(from start: Int) -> Bool {
    var index = start
    while index < used {
      let byte = base[index]
      guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return false }
      index += 1
    }
    return true
  }

  /// The text `count` bytes from `start`, its invalid UTF-8 (if any) replaced.
  ///
  /// libyaml and libxml2 hand over only valid UTF-8, so the text is checked
  /// once, by ``UTF8Validation``, and Swift's own, slower check is the
  /// fallback that repairs anything else.
  public func text(start: Int, count: Int) -> String {
    precondition(start >= 0 && count >= 0 && start + count <= used, "a text outside its batch")
    let bytes = UnsafeBufferPointer(start: base + start, count: count)
    return UTF8Validation.string(bytes) ?? String(decoding: bytes, as: UTF8.self)
  }
}

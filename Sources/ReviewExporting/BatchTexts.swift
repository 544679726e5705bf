/// The texts of one batch of a parser's events, one after the other:
/// copied from the C library on the parser's thread (an ``EventProducer``
/// on a ``ProducerThread``), made Swift strings on the reader's, so that
/// checking and allocating them is not on the parser's critical path.
///
/// A batch's events refer to their texts by offset and length. The parser
/// appends until it hands the batch over; the reader only reads.
public final class BatchTexts: @unchecked Sendable {
  // One thread at a time, by construction: run-time exclusivity checks off.
  @usableFromInline @exclusivity(unchecked) var bytes: [UInt8] = []

  /// Empty texts, room made for `capacity` bytes.
  public init(capacity: Int = 0) {
    bytes.reserveCapacity(capacity)
  }

  /// How many bytes the texts hold.
  @inlinable public var count: Int { bytes.count }

  /// Appends `text`'s bytes (inlined: it is called for every text).
  @inlinable public func append(_ text: UnsafeBufferPointer<UInt8>) {
    bytes.append(contentsOf: text)
  }

  /// Moves the bytes from `start` on to the end of `other`.
  public func moveBytes(from start: Int, to other: BatchTexts) {
    guard start < bytes.count else { return }
    other.bytes.append(contentsOf: bytes[start...])
    bytes.removeLast(bytes.count - start)
  }

  /// Removes the bytes from `start` on.
  public func removeBytes(from start: Int) {
    bytes.removeLast(bytes.count - start)
  }

  /// Whether every byte from `start` on is a space, a tab, a line feed or a
  /// carriage return (XML's whitespace).
  public func isWhitespace(from start: Int) -> Bool {
    bytes.withUnsafeBufferPointer { buffer in
      var index = start
      while index < buffer.count {
        let byte = buffer[index]
        guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return false }
        index += 1
      }
      return true
    }
  }

  /// The text `count` bytes from `start`, its invalid UTF-8 (if any) replaced.
  public func text(start: Int, count: Int) -> String {
    bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<start + count]), as: UTF8.self) }
  }
}

/// The `index` file of a shard: for each of the shard's reviews, in catalog
/// order, its place in the catalog and how many bytes it has in each file of
/// each format.
///
/// Numbers are unsigned LEB128 (7 bits a byte, least significant first, the
/// high bit set on every byte but the last). Per review: the gap from the
/// previous review's place (`place - previous - 1`, with `previous` = -1 at
/// first), then one length per file, in the manifest's order of formats and
/// their files. A review is a few bytes of index whatever its size.
enum ShardIndex {
  /// Appends `value` to `bytes`.
  static func append(_ value: Int, to bytes: inout [UInt8]) {
    precondition(value >= 0)
    var rest = UInt64(value)
    while rest >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
  }

  /// Reads an index, one entry at a time.
  struct Reader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var offset = 0
    private let lengthsPerEntry: Int
    /// The last place read; -1 before the first.
    private(set) var place = -1

    init(_ bytes: UnsafeBufferPointer<UInt8>, lengthsPerEntry: Int) {
      self.bytes = bytes
      self.lengthsPerEntry = lengthsPerEntry
    }

    /// Whether every entry has been read.
    var isAtEnd: Bool { offset == bytes.count }

    /// The next entry's place, and its lengths into `lengths`.
    ///
    /// - Throws: ``ExportError`` when the file ends inside an entry.
    mutating func next(lengths: inout [Int]) throws -> Int {
      let (next, overflow) = place.addingReportingOverflow(try number())
      guard !overflow, next < Int.max else { throw ExportError("the index holds a number too large") }
      place = next + 1
      for index in 0..<lengthsPerEntry { lengths[index] = try number() }
      return place
    }

    private mutating func number() throws -> Int {
      var value: UInt64 = 0
      var shift: UInt64 = 0
      while true {
        guard offset < bytes.count, shift < 63 else { throw ExportError("the index ends inside an entry or holds a number too large") }
        let byte = bytes[offset]
        offset += 1
        value |= UInt64(byte & 0x7f) << shift
        if byte < 0x80 { break }
        shift += 7
      }
      guard value <= UInt64(Int.max) else { throw ExportError("the index holds a number too large") }
      return Int(value)
    }
  }
}

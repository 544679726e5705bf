#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The ids seen so far and where each was first seen, kept small enough for
/// millions of them: their bytes side by side in large chunks, and an
/// open-addressing table of where each starts.
///
/// A `[String: Int]` of a million review ids takes about 140 MB (a heap
/// object per id, 24-byte entries, and the table's growth); this takes about
/// 60 MB, and stays exact. Holding no `String`s also lets the catalog's head
/// be freed whole once a streamed export has written it, rather than kept
/// alive page by page by the id strings a dictionary would hold. The hash is Swift's seeded one, so crafted ids
/// cannot make every lookup collide.
struct IDIndex: Sendable {
  private struct Slot {
    /// The chunk (high 32 bits) and offset in it (low 32 bits); -1 when empty.
    var location: Int = -1
    var length: UInt32 = 0
    var index: UInt32 = 0
  }

  private static let chunkSize = 1 << 20
  private var chunks: [[UInt8]] = []
  private var slots = [Slot](repeating: Slot(), count: 1024)
  private var count = 0

  /// Records that `id` was seen at `index`, unless it was seen before.
  ///
  /// - Returns: The index it was first seen at, or `nil` if it is new.
  mutating func insert(_ id: String, at index: Int) -> Int? {
    var id = id
    return id.withUTF8 { insert($0, at: index) }
  }

  /// The index `id` was first seen at, or `nil` if it was not.
  func index(of id: String) -> Int? {
    var id = id
    return id.withUTF8 { utf8 in
      let slot = find(utf8)
      return slots[slot].location >= 0 ? Int(slots[slot].index) : nil
    }
  }

  /// The slot that holds `id`, or the empty one where it would go.
  private func find(_ id: UnsafeBufferPointer<UInt8>) -> Int {
    let mask = slots.count - 1
    var slot = Self.hash(id) & mask
    while slots[slot].location >= 0 {
      if Int(slots[slot].length) == id.count && matches(slots[slot].location, id) { return slot }
      slot = (slot + 1) & mask
    }
    return slot
  }

  private mutating func insert(_ id: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
    let slot = find(id)
    if slots[slot].location >= 0 { return Int(slots[slot].index) }
    precondition(index <= UInt32.max, "more than 4 billion ids")
    slots[slot] = Slot(location: store(id), length: UInt32(id.count), index: UInt32(index))
    count += 1
    if count * 2 > slots.count { grow() }
    return nil
  }

  private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var hasher = Hasher()
    hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
    return hasher.finalize()
  }

  private func matches(_ location: Int, _ id: UnsafeBufferPointer<UInt8>) -> Bool {
    chunks[location >> 32].withUnsafeBufferPointer { chunk in
      let start = location & 0xFFFF_FFFF
      return id.isEmpty || memcmp(chunk.baseAddress! + start, id.baseAddress!, id.count) == 0
    }
  }

  /// Copies `id` into the chunks; returns where it is.
  private mutating func store(_ id: UnsafeBufferPointer<UInt8>) -> Int {
    if chunks.isEmpty || chunks[chunks.count - 1].count + id.count > max(Self.chunkSize, chunks[chunks.count - 1].capacity) {
      var chunk: [UInt8] = []
      chunk.reserveCapacity(max(Self.chunkSize, id.count))
      chunks.append(chunk)
    }
    let last = chunks.count - 1
    let offset = chunks[last].count
    chunks[last].append(contentsOf: id)
    return last << 32 | offset
  }

  private mutating func grow() {
    let old = slots
    slots = [Slot](repeating: Slot(), count: old.count * 2)
    let mask = slots.count - 1
    for entry in old where entry.location >= 0 {
      let hash = chunks[entry.location >> 32].withUnsafeBufferPointer { chunk in
        let start = entry.location & 0xFFFF_FFFF
        return Self.hash(UnsafeBufferPointer(rebasing: chunk[start..<start + Int(entry.length)]))
      }
      var slot = hash & mask
      while slots[slot].location >= 0 { slot = (slot + 1) & mask }
      slots[slot] = entry
    }
  }
}

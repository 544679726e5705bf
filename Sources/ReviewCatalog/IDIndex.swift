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
/// alive page by page by the id strings a dictionary would hold.
///
/// Every review looks up its work, its critic and the works and people it
/// mentions, so lookups are what the validator does most. Each slot keeps 32
/// bits of its id's hash beside where the id is: a slot of another id is
/// passed over without reading that id's bytes (a memory access far from the
/// table, at large sizes a cache miss). The hash is a seeded multiply-fold
/// (wyhash's mixing) with a seed drawn for each index, a fifth of Swift's
/// SipHash `Hasher`; without the seed, crafted ids cannot be made to collide.
struct IDIndex: Sendable {
  private struct Slot {
    /// Where the id's length and bytes are: the chunk (high 32 bits) and
    /// the offset in it (low 32 bits); `UInt64.max` when the slot is empty.
    var location = UInt64.max
    /// The high 32 bits of the id's hash.
    var tag: UInt32 = 0
    /// Where the id was first seen.
    var index: UInt32 = 0
  }

  private static let chunkSize = 1 << 20
  /// Each id as its length (four bytes, little-endian) and its bytes.
  private var chunks: [[UInt8]] = []
  private var slots = [Slot](repeating: Slot(), count: 1024)
  private var count = 0
  private let seed: (UInt64, UInt64)

  /// An empty index with a seed of its own.
  init() {
    self.init(seed: (UInt64.random(in: .min ... .max), UInt64.random(in: .min ... .max)))
  }

  /// An empty index hashing with `seed`. With a seed of zeros every id
  /// shorter than eight bytes (and every one whose last step has fewer than
  /// eight) has the hash 0: tests use it to make ids collide.
  init(seed: (UInt64, UInt64)) {
    self.seed = seed
  }

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
      let slot = find(utf8, hash: hash(utf8))
      return slots[slot].location != .max ? Int(slots[slot].index) : nil
    }
  }

  /// The slot that holds `id`, or the empty one where it would go.
  private func find(_ id: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
    let mask = slots.count - 1
    let tag = UInt32(truncatingIfNeeded: hash >> 32)
    var slot = Int(truncatingIfNeeded: hash) & mask
    while slots[slot].location != .max {
      if slots[slot].tag == tag && matches(slots[slot].location, id) { return slot }
      slot = (slot + 1) & mask
    }
    return slot
  }

  private mutating func insert(_ id: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
    let hash = hash(id)
    let slot = find(id, hash: hash)
    if slots[slot].location != .max { return Int(slots[slot].index) }
    precondition(index <= UInt32.max, "more than 4 billion ids")
    slots[slot] = Slot(location: store(id), tag: UInt32(truncatingIfNeeded: hash >> 32), index: UInt32(index))
    count += 1
    if count * 2 > slots.count { grow() }
    return nil
  }

  /// The seeded hash of `bytes`: sixteen bytes at a time folded into the
  /// state by a full 64-by-64-bit multiply, then the length.
  private func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    @inline(__always) func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
      let product = a.multipliedFullWidth(by: b)
      return product.high ^ product.low
    }
    @inline(__always) func load(_ offset: Int) -> UInt64 {
      UnsafeRawPointer(bytes.baseAddress!).loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian
    }
    let count = bytes.count
    var state = seed.0 ^ UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15
    var offset = 0
    while offset + 16 <= count {
      state = mix(load(offset) ^ seed.1, load(offset + 8) ^ state)
      offset += 16
    }
    // The last fifteen bytes or fewer: two words that may overlap (or the
    // bytes one by one, below eight).
    var a: UInt64 = 0
    var b: UInt64 = 0
    let left = count - offset
    if left >= 8 {
      a = load(offset)
      b = load(count - 8)
    } else {
      for index in 0..<left { a |= UInt64(bytes[offset + index]) << (index * 8) }
    }
    return mix(a ^ seed.1 ^ 0xA076_1D64_78BD_642F, mix(b ^ seed.0, state ^ 0xE703_7ED1_A0B4_28DB))
  }

  /// Whether the id stored at `location` is `id`.
  private func matches(_ location: UInt64, _ id: UnsafeBufferPointer<UInt8>) -> Bool {
    chunks[Int(location >> 32)].withUnsafeBufferPointer { chunk in
      let start = Int(location & 0xFFFF_FFFF)
      let length = UnsafeRawPointer(chunk.baseAddress! + start).loadUnaligned(as: UInt32.self).littleEndian
      return Int(length) == id.count && (id.isEmpty || memcmp(chunk.baseAddress! + start + 4, id.baseAddress!, id.count) == 0)
    }
  }

  /// Copies `id` and its length into the chunks; returns where they are.
  private mutating func store(_ id: UnsafeBufferPointer<UInt8>) -> UInt64 {
    precondition(id.count <= UInt32.max, "an id of more than 4 GiB")
    let size = 4 + id.count
    if chunks.isEmpty || chunks[chunks.count - 1].count + size > max(Self.chunkSize, chunks[chunks.count - 1].capacity) {
      var chunk: [UInt8] = []
      chunk.reserveCapacity(max(Self.chunkSize, size))
      chunks.append(chunk)
    }
    let last = chunks.count - 1
    let offset = chunks[last].count
    withUnsafeBytes(of: UInt32(id.count).littleEndian) { chunks[last].append(contentsOf: $0) }
    chunks[last].append(contentsOf: id)
    return UInt64(last) << 32 | UInt64(offset)
  }

  private mutating func grow() {
    let old = slots
    slots = [Slot](repeating: Slot(), count: old.count * 2)
    let mask = slots.count - 1
    for entry in old where entry.location != .max {
      let hash = chunks[Int(entry.location >> 32)].withUnsafeBufferPointer { chunk in
        let start = Int(entry.location & 0xFFFF_FFFF)
        let length = Int(UnsafeRawPointer(chunk.baseAddress! + start).loadUnaligned(as: UInt32.self).littleEndian)
        return self.hash(UnsafeBufferPointer(rebasing: chunk[start + 4..<start + 4 + length]))
      }
      var slot = Int(truncatingIfNeeded: hash) & mask
      while slots[slot].location != .max { slot = (slot + 1) & mask }
      slots[slot] = entry
    }
  }
}

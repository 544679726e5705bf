import TestSupport
import Testing

@testable import ReviewCatalog

/// `IDIndex` against a dictionary: ids of every length around the hash's
/// sixteen- and eight-byte steps, ids that differ in one byte, the empty
/// id, one longer than a chunk, and enough of them for the table to grow
/// many times.
@Suite struct IDIndexTests {
  /// With its own random seed, and with a seed of zeros, under which every
  /// id shorter than eight bytes (and many longer ones) has the same hash,
  /// so that only the comparison of their bytes tells them apart.
  @Test(arguments: [false, true])
  func itAgreesWithADictionary(colliding: Bool) {
    var generator = SeededGenerator(seed: 0x1D1D)
    var index = colliding ? IDIndex(seed: (0, 0)) : IDIndex()
    var reference: [String: Int] = [:]
    var ids = ["", String(repeating: "x", count: (1 << 20) + 5)]
    for length in 0...40 {
      // Short ones, which all collide with a seed of zeros, and longer ones.
      let base = String(repeating: "a", count: length)
      ids.append(base)
      // The same length, one byte changed at every place.
      for place in 0..<length {
        var bytes = Array(base.utf8)
        bytes[place] = UInt8(ascii: "b")
        ids.append(String(decoding: bytes, as: UTF8.self))
      }
    }
    // Fewer when colliding: a chain of colliding ids is walked whole.
    for _ in 0..<(colliding ? 2_000 : 20_000) {
      let length = Int.random(in: colliding ? 8...30 : 1...30, using: &generator)
      ids.append(String((0..<length).map { _ in "abc-0123é".randomElement(using: &generator)! }))
    }
    for (position, id) in ids.enumerated() {
      let first = index.insert(id, at: position)
      #expect(first == reference[id], "\(id.prefix(40))")
      if reference[id] == nil { reference[id] = position }
    }
    for id in ids { #expect(index.index(of: id) == reference[id], "\(id.prefix(40))") }
    for absent in ["B", "zz", String(repeating: "a", count: 41), "abc-0123é-absent", String(repeating: "x", count: 1 << 20)] {
      #expect(index.index(of: absent) == nil, "\(absent.prefix(40))")
    }
  }
}

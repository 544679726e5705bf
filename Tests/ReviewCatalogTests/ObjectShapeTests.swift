import ReviewCatalog
import Testing

/// `ObjectShape.index(ofKey:after:)` finds a key from its bytes wherever the
/// search starts: readers pass the keys seen so far, and a file may hold
/// its keys in any order.
@Suite struct ObjectShapeTests {
  static let shapes: [ObjectShape] = [
    .document, .info, .person, .work, .credit, .boxOffice, .money, .ranking, .availability, .review, .rating, .quote, .source,
  ]

  static func index(_ key: String, in shape: ObjectShape, after seen: UInt32) -> Int? {
    Array(key.utf8).withUnsafeBufferPointer { shape.index(ofKey: $0, after: seen) }
  }

  @Test(arguments: shapes.map(\.name))
  func everyKeyIsFoundAfterAnyKeysSeen(_ name: String) {
    let shape = Self.shapes.first { $0.name == name }!
    for (expected, key) in shape.keys.enumerated() {
      // Nothing seen, each single key seen, and every key before or after it seen.
      var seenSets: [UInt32] = [0]
      for other in shape.keys.indices { seenSets += [1 << UInt32(other), UInt32(truncatingIfNeeded: (UInt64(1) << UInt64(other + 1)) - 1)] }
      for seen in seenSets {
        #expect(Self.index(key, in: shape, after: seen) == expected, "\(key) after \(String(seen, radix: 2))")
      }
    }
  }

  @Test(arguments: shapes.map(\.name))
  func nearMissesAreNotKeys(_ name: String) {
    let shape = Self.shapes.first { $0.name == name }!
    for key in shape.keys {
      for miss in [String(key.dropLast()), key + "s", key.uppercased(), "", " " + key] where !shape.keys.contains(miss) {
        #expect(Self.index(miss, in: shape, after: 0) == nil, "\(miss)")
        #expect(Self.index(miss, in: shape, after: 0b101) == nil, "\(miss)")
      }
    }
  }
}

import ReviewCatalog
import Testing

/// `ObjectShape.index(ofQuotedKeyAt:in:after:)` finds a key from its bytes
/// in quoted text wherever the search starts: readers pass the keys seen so
/// far, and a file may hold its keys in any order.
@Suite struct ObjectShapeTests {
  static let shapes: [ObjectShape] = [
    .document, .info, .person, .work, .credit, .boxOffice, .money, .ranking, .availability, .review, .rating, .quote, .source,
  ]

  static func index(_ key: String, in shape: ObjectShape, after seen: UInt32) -> Int? {
    // As in a file: the key's text, its closing quote, and what follows it.
    Array((key + "\": 1, \"next\"").utf8).withUnsafeBufferPointer { shape.index(ofQuotedKeyAt: 0, in: $0, after: seen)?.index }
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

  /// A key's bytes are a key only when its closing quote follows them: not
  /// at the end of the input, not before an escape, not as the start of a
  /// longer word.
  @Test(arguments: shapes.map(\.name))
  func aKeyIsMatchedOnlyUpToItsClosingQuote(_ name: String) {
    let shape = Self.shapes.first { $0.name == name }!
    for key in shape.keys {
      for text in [key, key + "\\\"", key + "x\"", key + " \""] where !shape.keys.contains(where: { text.hasPrefix($0 + "\"") }) {
        let found = Array(text.utf8).withUnsafeBufferPointer { shape.index(ofQuotedKeyAt: 0, in: $0, after: 0) }
        #expect(found == nil, "\(text)")
      }
      let end = Array((key + "\"").utf8).withUnsafeBufferPointer { shape.index(ofQuotedKeyAt: 0, in: $0, after: 0)?.end }
      #expect(end == key.utf8.count + 1, "\(key)")
    }
  }
}

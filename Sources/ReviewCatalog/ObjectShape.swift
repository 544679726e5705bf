#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The keys an object of the catalog may have, in the format's order, and
/// which of them are required, made from its ``CatalogKey`` enum. Readers of
/// every format check input against these, so the list lives in one place.
public struct ObjectShape: Sendable, Equatable {
  /// What a shape holds, made once per object kind: a shape is handed to
  /// the readers for every object they read, and copying one is then a
  /// single retain (as seven fields, five of them reference-counted, a copy
  /// and its release were about 290 instructions, 3% of the JSON reader's
  /// thread).
  @usableFromInline final class Storage: Sendable {
    @usableFromInline let name: String
    @usableFromInline let keys: [String]
    @usableFromInline let requiredMask: UInt32
    @usableFromInline let identifyingMask: UInt32
    @usableFromInline let values: [CatalogValue]
    /// The keys' UTF-8, one after the other, and where each one ends: what
    /// ``ObjectShape/index(ofQuotedKeyAt:in:after:)`` matches a key's bytes against.
    let keyBytes: [UInt8]
    let keyEnds: [Int]

    init(name: String, keys: [String], requiredMask: UInt32, identifyingMask: UInt32, values: [CatalogValue]) {
      self.name = name
      self.keys = keys
      self.requiredMask = requiredMask
      self.identifyingMask = identifyingMask
      self.values = values
      keyBytes = keys.flatMap(\.utf8)
      var end = 0
      keyEnds = keys.map { key in
        end += key.utf8.count
        return end
      }
    }
  }

  @usableFromInline let storage: Storage

  /// The object as named in messages, such as `a review`.
  @inlinable public var name: String { storage.name }
  /// Every key it may have, in the format's order.
  @inlinable public var keys: [String] { storage.keys }
  /// A bit for each required key, by its index in ``keys``.
  @inlinable public var requiredMask: UInt32 { storage.requiredMask }
  /// A bit for each key that identifies the object (``CatalogKey/isIdentifying``),
  /// written as an attribute by formats that have them.
  @inlinable public var identifyingMask: UInt32 { storage.identifyingMask }
  /// What each key holds, by its index in ``keys``.
  @inlinable public var values: [CatalogValue] { storage.values }

  /// The shape of the objects whose keys are `K`.
  public init<K: CatalogKey>(_ type: K.Type) {
    precondition(K.allCases.count <= 32)
    precondition(
      K.allCases.allSatisfy { $0.rawValue.utf8.allSatisfy { $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") } },
      "a key is matched on its bytes in quoted text (index(ofQuotedKeyAt:in:after:)): no quote, backslash or control character")
    var required: UInt32 = 0
    var identifying: UInt32 = 0
    for (index, key) in K.allCases.enumerated() {
      if K.required.contains(key) { required |= 1 << UInt32(index) }
      if key.isIdentifying { identifying |= 1 << UInt32(index) }
    }
    storage = Storage(
      name: K.objectName, keys: K.allCases.map(\.rawValue), requiredMask: required, identifyingMask: identifying,
      values: K.allCases.map(\.value))
  }

  /// Two shapes are equal when they name the same object with the same
  /// keys, rules and values.
  public static func == (lhs: ObjectShape, rhs: ObjectShape) -> Bool {
    lhs.storage === rhs.storage
      || (lhs.name == rhs.name && lhs.keys == rhs.keys && lhs.requiredMask == rhs.requiredMask
        && lhs.identifyingMask == rhs.identifyingMask && lhs.values == rhs.values)
  }

  /// The index in ``keys`` of the key whose UTF-8 is the text of the JSON
  /// string whose opening quote is just before `offset` in `bytes`, and the
  /// offset just past its closing quote, if its bytes are a key's followed
  /// by the closing quote; otherwise `nil` (an unknown key, or one written
  /// with an escape: read it as a string). For readers that find a key in
  /// their input's bytes, so that a known key is neither scanned as a
  /// string nor made one.
  ///
  /// The search starts after the last of the keys already `seen` (a bit per
  /// index, as readers keep them): in a file in the shape's order, which is
  /// what every exporter writes, the key is the first one compared. A key
  /// has no quote, backslash or control character (checked when the shape
  /// is made), so bytes that match one are that key, whatever follows.
  public func index(
    ofQuotedKeyAt offset: Int, in bytes: UnsafeBufferPointer<UInt8>, after seen: UInt32 = 0
  ) -> (index: Int, end: Int)? {
    guard let base = bytes.baseAddress else { return nil }
    let storage = storage
    let count = storage.keyEnds.count
    let first = min(32 - seen.leadingZeroBitCount, count)
    return storage.keyBytes.withUnsafeBufferPointer { all in
      storage.keyEnds.withUnsafeBufferPointer { ends in
        for step in 0..<count {
          var index = first + step
          if index >= count { index -= count }
          let start = index == 0 ? 0 : ends[index - 1]
          let length = ends[index] - start
          // The key's bytes, then the closing quote.
          guard offset + length < bytes.count, base[offset + length] == UInt8(ascii: "\"") else { continue }
          if length == 0 || memcmp(all.baseAddress! + start, base + offset, length) == 0 {
            return (index, offset + length + 1)
          }
        }
        return nil
      }
    }
  }

  /// Whether a key of that name identifies its object: `id`, and the
  /// document's `formatVersion`. The one place that says so.
  @inlinable
  public static func isIdentifying(key: String) -> Bool { key == "id" || key == "formatVersion" }

  /// Whether the key at `index` identifies the object (an attribute in XML).
  @inlinable
  public func isIdentifying(_ index: Int) -> Bool { identifyingMask & (1 << UInt32(index)) != 0 }

  /// The keys that identify the object, and the others, in order.
  public var identifyingKeys: [String] { keys.indices.filter { isIdentifying($0) }.map { keys[$0] } }
  /// The keys that do not identify the object, in order.
  public var otherKeys: [String] { keys.indices.filter { !isIdentifying($0) }.map { keys[$0] } }

  /// The message for a key that is not one of ``keys``, with a suggestion
  /// when the key is a near miss.
  ///
  /// The key is shown escaped and cut short (``ScalarRules/quoted(_:)``); a
  /// suggestion is made only for a key within one edit (two for keys of more
  /// than three letters; a swap of neighbours is one edit) of an allowed key,
  /// and is never searched for in a key much longer than any allowed one.
  public func unknownKeyMessage(_ key: String, noun: String = "key", among allowed: [String]? = nil) -> String {
    let keys = allowed ?? self.keys
    var message = "unknown \(noun) \(ScalarRules.quoted(key)) in \(name)"
    if let near = Self.nearest(to: key, among: keys) {
      message += "; did you mean '\(near)'?"
    } else {
      message += "; allowed \(noun)s: \(keys.joined(separator: ", "))"
    }
    return message
  }

  /// The allowed name nearest to `word`, if it is near enough to be a typing mistake.
  public static func nearest(to word: String, among candidates: [String]) -> String? {
    let longest = candidates.map(\.utf8.count).max() ?? 0
    // A longer word cannot be within two edits of any candidate.
    guard word.utf8.count <= longest + 2 else { return nil }
    let typed = Array(word.lowercased().unicodeScalars)
    var best: (name: String, distance: Int)?
    for candidate in candidates {
      let target = Array(candidate.lowercased().unicodeScalars)
      let allowed = target.count <= 3 ? 1 : 2
      guard abs(target.count - typed.count) <= allowed else { continue }
      let distance = editDistance(typed, target)
      if distance <= allowed && distance < (best?.distance ?? .max) { best = (candidate, distance) }
    }
    return best?.name
  }

  /// The optimal-string-alignment distance: insertions, deletions,
  /// substitutions and swaps of neighbours, each one edit.
  private static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var before = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] { value = min(value, before[j - 2] + 1) }
        current[j] = value
      }
      (before, previous, current) = (previous, current, before)
    }
    return previous[b.count]
  }
}

extension ObjectShape {
  /// The whole document.
  public static var document: ObjectShape { Catalog.Key.shape }
  /// The `catalog` object.
  public static var info: ObjectShape { CatalogInfo.Key.shape }
  /// A person.
  public static var person: ObjectShape { Person.Key.shape }
  /// A work.
  public static var work: ObjectShape { Work.Key.shape }
  /// A credit.
  public static var credit: ObjectShape { Credit.Key.shape }
  /// A box-office entry.
  public static var boxOffice: ObjectShape { BoxOffice.Key.shape }
  /// An amount of money (`gross`).
  public static var money: ObjectShape { Money.Key.shape }
  /// A ranking.
  public static var ranking: ObjectShape { Ranking.Key.shape }
  /// An availability entry.
  public static var availability: ObjectShape { Availability.Key.shape }
  /// A review.
  public static var review: ObjectShape { Review.Key.shape }
  /// A rating.
  public static var rating: ObjectShape { Rating.Key.shape }
  /// A quote.
  public static var quote: ObjectShape { Quote.Key.shape }
  /// A source.
  public static var source: ObjectShape { Source.Key.shape }
}

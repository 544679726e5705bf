/// The keys an object of the catalog may have, in the format's order, and
/// which of them are required. Readers of every format check input against
/// these, so the list lives in one place.
public struct ObjectShape: Sendable {
  /// The object as named in messages, such as `a review`.
  public let name: String
  /// Every key it may have, in the format's order.
  public let keys: [String]
  /// A bit for each required key, by its index in ``keys``.
  public let requiredMask: UInt32

  /// Creates a shape; `required` must be a subset of `keys`.
  public init(_ name: String, keys: [String], required: [String]) {
    precondition(keys.count <= 32)
    self.name = name
    self.keys = keys
    var mask: UInt32 = 0
    for key in required { mask |= 1 << UInt32(keys.firstIndex(of: key)!) }
    self.requiredMask = mask
  }

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
  public static let document = ObjectShape(
    "the catalog document", keys: ["formatVersion", "catalog", "people", "works", "reviews"],
    required: ["formatVersion", "catalog", "people", "works", "reviews"])
  /// The `catalog` object.
  public static let info = ObjectShape(
    "the catalog object", keys: ["id", "title", "description", "language", "updated"], required: ["id", "title"])
  /// A person.
  public static let person = ObjectShape("a person", keys: ["id", "name", "nativeName"], required: ["id", "name"])
  /// A work.
  public static let work = ObjectShape(
    "a work",
    keys: [
      "id", "kind", "title", "originalTitle", "year", "releaseDate", "runtimeMinutes", "languages", "countries",
      "genres", "credits", "basedOn", "boxOffice", "rankings", "availability",
    ],
    required: [
      "id", "kind", "title", "languages", "countries", "genres", "credits", "boxOffice", "rankings", "availability",
    ])
  /// A credit.
  public static let credit = ObjectShape("a credit", keys: ["person", "role", "character"], required: ["person", "role"])
  /// A box-office entry.
  public static let boxOffice = ObjectShape(
    "a box-office entry", keys: ["territory", "gross", "asOf"], required: ["territory", "gross"])
  /// An amount of money (`gross`).
  public static let money = ObjectShape("an amount of money", keys: ["amount", "currency"], required: ["amount", "currency"])
  /// A ranking.
  public static let ranking = ObjectShape("a ranking", keys: ["list", "rank", "asOf"], required: ["list", "rank"])
  /// An availability entry.
  public static let availability = ObjectShape(
    "an availability entry", keys: ["platform", "region", "from"], required: ["platform"])
  /// A review.
  public static let review = ObjectShape(
    "a review",
    keys: [
      "id", "work", "critic", "publication", "published", "headline", "summary", "rating", "body", "tags",
      "mentions", "quotes", "sources",
    ],
    required: ["id", "work", "critic", "published", "headline", "body", "tags", "mentions", "quotes", "sources"])
  /// A rating.
  public static let rating = ObjectShape("a rating", keys: ["value", "scale"], required: ["value", "scale"])
  /// A quote.
  public static let quote = ObjectShape("a quote", keys: ["text", "speaker", "context"], required: ["text", "speaker"])
  /// A source.
  public static let source = ObjectShape("a source", keys: ["name", "url"], required: ["name"])
}

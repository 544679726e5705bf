/// A reader's view of a structured document (JSON, YAML, …): typed values
/// pulled in document order. A reader that implements these few methods gets
/// the whole catalog's mapping (``readCatalogObject()``) from this module, so
/// every format reads the same keys into the same model.
///
/// Each method records what is wrong (unknown, repeated or missing keys;
/// values of the wrong type) with its path and position, steps over it, and
/// returns `nil` or a placeholder; it throws only for a problem that stops
/// reading, such as a syntax error.
public protocol CatalogDecoding {
  /// Reads an object of `shape`, calling `member` with the index in
  /// `shape.keys` of each key, positioned at its value. Returns `false` when
  /// the value is not an object.
  @discardableResult
  mutating func readObject(_ shape: ObjectShape, member: (inout Self, Int) throws -> Void) throws -> Bool
  /// Reads an array, calling `item` for each element.
  mutating func readArray(of what: String, item: (inout Self) throws -> Void) throws
  /// Reads a text.
  mutating func readString() throws -> String?
  /// Reads a 64-bit integer, exactly.
  mutating func readInteger() throws -> Int64?
  /// Reads a number.
  mutating func readDouble() throws -> Double?
}

// How each object of the catalog is read. Placeholders ("" or 0) stand in for
// values that were missing or unusable; the decoder's problems say so.

extension CatalogDecoding {
  /// Reads an array of texts.
  public mutating func readStrings(of what: String) throws -> [String] {
    var values: [String] = []
    try readArray(of: what) { decoder in values.append(try decoder.readString() ?? "") }
    return values
  }

  /// Reads the document object: `formatVersion`, `catalog`, `people`, `works`, `reviews`.
  public mutating func readCatalogObject() throws -> Catalog {
    var catalog = Catalog(formatVersion: 0, info: CatalogInfo(id: "", title: ""))
    try readObject(.document) { d, key in try d.readDocumentMember(key, into: &catalog) }
    return catalog
  }

  /// Reads the value of the document's key number `key` (in ``ObjectShape/document``'s
  /// order) into `catalog`.
  public mutating func readDocumentMember(_ key: Int, into catalog: inout Catalog) throws {
    switch key {
    case 0: catalog.formatVersion = try readInteger() ?? Catalog.currentFormatVersion
    case 1: catalog.info = try readInfo()
    case 2: try readArray(of: "people") { d in catalog.people.append(try d.readPerson()) }
    case 3: try readArray(of: "works") { d in catalog.works.append(try d.readWork()) }
    default: try readArray(of: "reviews") { d in catalog.reviews.append(try d.readReview()) }
    }
  }

  mutating func readInfo() throws -> CatalogInfo {
    var info = CatalogInfo(id: "", title: "")
    try readObject(.info) { (d, key) in
      switch key {
      case 0: info.id = try d.readString() ?? ""
      case 1: info.title = try d.readString() ?? ""
      case 2: info.description = try d.readString()
      case 3: info.language = try d.readString()
      default: info.updated = try d.readString()
      }
    }
    return info
  }

  /// Reads one person.
  public mutating func readPerson() throws -> Person {
    var person = Person(id: "", name: "")
    try readObject(.person) { (d, key) in
      switch key {
      case 0: person.id = try d.readString() ?? ""
      case 1: person.name = try d.readString() ?? ""
      default: person.nativeName = try d.readString()
      }
    }
    return person
  }

  /// Reads one work.
  public mutating func readWork() throws -> Work {
    var work = Work(id: "", kind: "", title: "")
    try readObject(.work) { (d, key) in
      switch key {
      case 0: work.id = try d.readString() ?? ""
      case 1: work.kind = try d.readString() ?? ""
      case 2: work.title = try d.readString() ?? ""
      case 3: work.originalTitle = try d.readString()
      case 4: work.year = try d.readInteger()
      case 5: work.releaseDate = try d.readString()
      case 6: work.runtimeMinutes = try d.readInteger()
      case 7: work.languages = try d.readStrings(of: "language tags")
      case 8: work.countries = try d.readStrings(of: "country codes")
      case 9: work.genres = try d.readStrings(of: "genres")
      case 10:
        try d.readArray(of: "credits") { (d) in work.credits.append(try d.readCredit()) }
      case 11: work.basedOn = try d.readString()
      case 12:
        try d.readArray(of: "box-office entries") { (d) in
          work.boxOffice.append(try d.readBoxOffice())
        }
      case 13:
        try d.readArray(of: "rankings") { (d) in work.rankings.append(try d.readRanking()) }
      default:
        try d.readArray(of: "availability entries") { (d) in
          work.availability.append(try d.readAvailability())
        }
      }
    }
    return work
  }

  mutating func readCredit() throws -> Credit {
    var credit = Credit(person: "", role: "")
    try readObject(.credit) { (d, key) in
      switch key {
      case 0: credit.person = try d.readString() ?? ""
      case 1: credit.role = try d.readString() ?? ""
      default: credit.character = try d.readString()
      }
    }
    return credit
  }

  mutating func readBoxOffice() throws -> BoxOffice {
    var entry = BoxOffice(territory: "", gross: Money(amount: 0, currency: ""))
    try readObject(.boxOffice) { (d, key) in
      switch key {
      case 0: entry.territory = try d.readString() ?? ""
      case 1:
        try d.readObject(.money) { (d, key) in
          if key == 0 { entry.gross.amount = try d.readInteger() ?? 0 } else { entry.gross.currency = try d.readString() ?? "" }
        }
      default: entry.asOf = try d.readString()
      }
    }
    return entry
  }

  mutating func readRanking() throws -> Ranking {
    var ranking = Ranking(list: "", rank: 1)
    try readObject(.ranking) { (d, key) in
      switch key {
      case 0: ranking.list = try d.readString() ?? ""
      case 1: ranking.rank = try d.readInteger() ?? 1
      default: ranking.asOf = try d.readString()
      }
    }
    return ranking
  }

  mutating func readAvailability() throws -> Availability {
    var offer = Availability(platform: "")
    try readObject(.availability) { (d, key) in
      switch key {
      case 0: offer.platform = try d.readString() ?? ""
      case 1: offer.region = try d.readString()
      default: offer.from = try d.readString()
      }
    }
    return offer
  }

  /// Reads one review.
  public mutating func readReview() throws -> Review {
    var review = Review(id: "", work: "", critic: "", published: "", headline: "", body: "")
    try readObject(.review) { (d, key) in
      switch key {
      case 0: review.id = try d.readString() ?? ""
      case 1: review.work = try d.readString() ?? ""
      case 2: review.critic = try d.readString() ?? ""
      case 3: review.publication = try d.readString()
      case 4: review.published = try d.readString() ?? ""
      case 5: review.headline = try d.readString() ?? ""
      case 6: review.summary = try d.readString()
      case 7: review.rating = try d.readRating()
      case 8: review.body = try d.readString() ?? ""
      case 9: review.tags = try d.readStrings(of: "tags")
      case 10: review.mentions = try d.readStrings(of: "work ids")
      case 11:
        try d.readArray(of: "quotes") { (d) in review.quotes.append(try d.readQuote()) }
      default:
        try d.readArray(of: "sources") { (d) in review.sources.append(try d.readSource()) }
      }
    }
    return review
  }

  mutating func readRating() throws -> Rating? {
    // Placeholders that cannot break the rule between value and scale, so an
    // unusable one is reported once, not again as out of range.
    var rating = Rating(value: 0, scale: .max)
    let isObject = try readObject(.rating) { (d, key) in
      if key == 0 { rating.value = try d.readDouble() ?? 0 } else { rating.scale = try d.readInteger() ?? .max }
    }
    return isObject ? rating : nil
  }

  mutating func readQuote() throws -> Quote {
    var quote = Quote(text: "", speaker: "")
    try readObject(.quote) { (d, key) in
      switch key {
      case 0: quote.text = try d.readString() ?? ""
      case 1: quote.speaker = try d.readString() ?? ""
      default: quote.context = try d.readString()
      }
    }
    return quote
  }

  mutating func readSource() throws -> Source {
    var source = Source(name: "")
    try readObject(.source) { (d, key) in
      if key == 0 { source.name = try d.readString() ?? "" } else { source.url = try d.readString() }
    }
    return source
  }
}

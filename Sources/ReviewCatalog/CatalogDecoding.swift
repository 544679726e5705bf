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
  /// Reads an array of `list`'s items, calling `item` for each element.
  mutating func readArray(of list: CatalogList, item: (inout Self) throws -> Void) throws
  /// Reads a text.
  mutating func readString() throws -> String?
  /// Reads a 64-bit integer, exactly.
  mutating func readInteger() throws -> Int64?
  /// Reads a number.
  mutating func readDouble() throws -> Double?
}

// How each object of the catalog is read: written once, for every format.
// Placeholders ("" or 0) stand in for values that were missing or unusable;
// the decoder's problems say so. Each switch names every key of its object.

extension CatalogDecoding {
  /// Reads an object whose keys are `K`, calling `member` with each key,
  /// positioned at its value. Returns `false` when the value is not an object.
  @discardableResult
  @inlinable
  public mutating func readObject<K: CatalogKey>(_ keys: K.Type, member: (inout Self, K) throws -> Void) throws -> Bool {
    try readObject(K.shape) { decoder, index in try member(&decoder, K(index: index)) }
  }

  /// Reads an array of texts.
  @inlinable
  public mutating func readStrings(of list: CatalogList) throws -> [String] {
    var values: [String] = []
    try readArray(of: list) { decoder in values.appendMakingRoomForFew(try decoder.readString() ?? "") }
    return values
  }

  /// Reads the document object: `formatVersion`, `catalog`, `people`, `works`, `reviews`.
  @inlinable
  public mutating func readCatalogObject() throws -> Catalog {
    var catalog = Catalog(formatVersion: 0, info: CatalogInfo(id: "", title: ""))
    try readObject(Catalog.Key.self) { d, key in try d.readDocumentMember(key, into: &catalog) }
    return catalog
  }

  /// Reads the value of the document's `key` into `catalog`.
  @inlinable
  public mutating func readDocumentMember(_ key: Catalog.Key, into catalog: inout Catalog) throws {
    switch key {
    case .formatVersion: catalog.formatVersion = try readInteger() ?? Catalog.currentFormatVersion
    case .catalog: catalog.info = try readInfo()
    case .people: try readArray(of: .people) { d in catalog.people.append(try d.readPerson()) }
    case .works: try readArray(of: .works) { d in catalog.works.append(try d.readWork()) }
    case .reviews: try readArray(of: .reviews) { d in catalog.reviews.append(try d.readReview()) }
    }
  }

  /// Reads the `catalog` object.
  @inlinable
  public mutating func readInfo() throws -> CatalogInfo {
    var info = CatalogInfo(id: "", title: "")
    try readObject(CatalogInfo.Key.self) { d, key in
      switch key {
      case .id: info.id = try d.readString() ?? ""
      case .title: info.title = try d.readString() ?? ""
      case .description: info.description = try d.readString()
      case .language: info.language = try d.readString()
      case .updated: info.updated = try d.readString()
      }
    }
    return info
  }

  /// Reads one person.
  @inlinable
  public mutating func readPerson() throws -> Person {
    var person = Person(id: "", name: "")
    try readObject(Person.Key.self) { d, key in
      switch key {
      case .id: person.id = try d.readString() ?? ""
      case .name: person.name = try d.readString() ?? ""
      case .nativeName: person.nativeName = try d.readString()
      }
    }
    return person
  }

  /// Reads one work.
  @inlinable
  public mutating func readWork() throws -> Work {
    var work = Work(id: "", kind: "", title: "")
    try readObject(Work.Key.self) { d, key in
      switch key {
      case .id: work.id = try d.readString() ?? ""
      case .kind: work.kind = try d.readString() ?? ""
      case .title: work.title = try d.readString() ?? ""
      case .originalTitle: work.originalTitle = try d.readString()
      case .year: work.year = try d.readInteger()
      case .releaseDate: work.releaseDate = try d.readString()
      case .runtimeMinutes: work.runtimeMinutes = try d.readInteger()
      case .languages: work.languages = try d.readStrings(of: .languages)
      case .countries: work.countries = try d.readStrings(of: .countries)
      case .genres: work.genres = try d.readStrings(of: .genres)
      case .credits: try d.readArray(of: .credits) { d in work.credits.appendMakingRoomForFew(try d.readCredit()) }
      case .basedOn: work.basedOn = try d.readString()
      case .boxOffice: try d.readArray(of: .boxOffice) { d in work.boxOffice.append(try d.readBoxOffice()) }
      case .rankings: try d.readArray(of: .rankings) { d in work.rankings.append(try d.readRanking()) }
      case .availability: try d.readArray(of: .availability) { d in work.availability.append(try d.readAvailability()) }
      }
    }
    return work
  }

  @inlinable
  mutating func readCredit() throws -> Credit {
    var credit = Credit(person: "", role: "")
    try readObject(Credit.Key.self) { d, key in
      switch key {
      case .person: credit.person = try d.readString() ?? ""
      case .role: credit.role = try d.readString() ?? ""
      case .character: credit.character = try d.readString()
      }
    }
    return credit
  }

  @inlinable
  mutating func readBoxOffice() throws -> BoxOffice {
    var entry = BoxOffice(territory: "", gross: Money(amount: 0, currency: ""))
    try readObject(BoxOffice.Key.self) { d, key in
      switch key {
      case .territory: entry.territory = try d.readString() ?? ""
      case .gross:
        try d.readObject(Money.Key.self) { d, key in
          switch key {
          case .amount: entry.gross.amount = try d.readInteger() ?? 0
          case .currency: entry.gross.currency = try d.readString() ?? ""
          }
        }
      case .asOf: entry.asOf = try d.readString()
      }
    }
    return entry
  }

  @inlinable
  mutating func readRanking() throws -> Ranking {
    var ranking = Ranking(list: "", rank: 1)
    try readObject(Ranking.Key.self) { d, key in
      switch key {
      case .list: ranking.list = try d.readString() ?? ""
      case .rank: ranking.rank = try d.readInteger() ?? 1
      case .asOf: ranking.asOf = try d.readString()
      }
    }
    return ranking
  }

  @inlinable
  mutating func readAvailability() throws -> Availability {
    var offer = Availability(platform: "")
    try readObject(Availability.Key.self) { d, key in
      switch key {
      case .platform: offer.platform = try d.readString() ?? ""
      case .region: offer.region = try d.readString()
      case .from: offer.from = try d.readString()
      }
    }
    return offer
  }

  /// Reads one review.
  @inlinable
  public mutating func readReview() throws -> Review {
    var review = Review(id: "", work: "", critic: "", published: "", headline: "", body: "")
    try readObject(Review.Key.self) { d, key in
      switch key {
      case .id: review.id = try d.readString() ?? ""
      case .work: review.work = try d.readString() ?? ""
      case .critic: review.critic = try d.readString() ?? ""
      case .publication: review.publication = try d.readString()
      case .published: review.published = try d.readString() ?? ""
      case .headline: review.headline = try d.readString() ?? ""
      case .summary: review.summary = try d.readString()
      case .rating: review.rating = try d.readRating()
      case .body: review.body = try d.readString() ?? ""
      case .tags: review.tags = try d.readStrings(of: .tags)
      case .mentions: review.mentions = try d.readStrings(of: .mentions)
      case .quotes: try d.readArray(of: .quotes) { d in review.quotes.appendMakingRoomForFew(try d.readQuote()) }
      case .sources: try d.readArray(of: .sources) { d in review.sources.appendMakingRoomForFew(try d.readSource()) }
      }
    }
    return review
  }

  @inlinable
  mutating func readRating() throws -> Rating? {
    // Placeholders that cannot break the rule between value and scale, so an
    // unusable one is reported once, not again as out of range.
    var rating = Rating(value: 0, scale: .max)
    let isObject = try readObject(Rating.Key.self) { d, key in
      switch key {
      case .value: rating.value = try d.readDouble() ?? 0
      case .scale: rating.scale = try d.readInteger() ?? .max
      }
    }
    return isObject ? rating : nil
  }

  @inlinable
  mutating func readQuote() throws -> Quote {
    var quote = Quote(text: "", speaker: "")
    try readObject(Quote.Key.self) { d, key in
      switch key {
      case .text: quote.text = try d.readString() ?? ""
      case .speaker: quote.speaker = try d.readString() ?? ""
      case .context: quote.context = try d.readString()
      }
    }
    return quote
  }

  @inlinable
  mutating func readSource() throws -> Source {
    var source = Source(name: "")
    try readObject(Source.Key.self) { d, key in
      switch key {
      case .name: source.name = try d.readString() ?? ""
      case .url: source.url = try d.readString()
      }
    }
    return source
  }
}

extension Array {
  /// Appends `element`, making room for four at the first append: a
  /// review's tags, quotes and sources and a work's credits are short
  /// lists, and an array grown one element at a time is reallocated at one,
  /// two and four.
  @inlinable
  mutating func appendMakingRoomForFew(_ element: Element) {
    if capacity == 0 { reserveCapacity(4) }
    append(element)
  }
}

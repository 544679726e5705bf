// The one place that fixes the tree's shape: key names, their order, and
// the names of array items. Every tree format follows it.

extension Catalog {
  /// Writes the whole catalog to `writer`, keys in the format's canonical order.
  @inlinable
  public func write<W: TreeWriter>(to writer: inout W) throws {
    var parts = CatalogTreeParts(writer)
    try parts.start(formatVersion: formatVersion, info: info)
    for person in people { try parts.write(person) }
    for work in works { try parts.write(work) }
    for review in reviews { try parts.write(review) }
    try parts.finish()
    writer = parts.writer
  }
}

/// Writes a catalog's tree one part at a time, for writers that stream:
/// ``start(formatVersion:info:)``, then each person, each work and each
/// review, in that order, then ``finish()``. It opens and closes the
/// `people`, `works` and `reviews` arrays as the parts move from one to the next.
public struct CatalogTreeParts<W: TreeWriter> {
  /// The tree writer.
  public var writer: W
  /// The array being written; `nil` once the document is closed.
  @usableFromInline var section: CatalogSection? = .people

  /// Parts to be written to `writer`.
  @inlinable
  public init(_ writer: W) {
    self.writer = writer
  }

  /// Writes what comes before the first person.
  @inlinable
  public mutating func start(formatVersion: Int64, info: CatalogInfo) throws {
    try writer.beginObject(named: "reviewCatalog")
    try writer.key(Catalog.Key.formatVersion)
    try writer.integer(formatVersion)
    try writer.key(Catalog.Key.catalog)
    try info.write(to: &writer)
    try writer.beginArray(Catalog.Key.people, .people)
  }

  /// Writes the next person.
  @inlinable
  public mutating func write(_ person: Person) throws {
    precondition(section == .people, "people come before works and reviews")
    try person.write(to: &writer)
  }

  /// Writes the next work.
  @inlinable
  public mutating func write(_ work: Work) throws {
    if section != .works { try advance(to: .works) }
    try work.write(to: &writer)
  }

  /// Writes the next review.
  @inlinable
  public mutating func write(_ review: Review) throws {
    if section != .reviews { try advance(to: .reviews) }
    try review.write(to: &writer)
  }

  /// Writes what comes before the first review (closes the people and works
  /// arrays, opens the reviews), if not yet written.
  @inlinable
  public mutating func startReviews() throws {
    if section != .reviews { try advance(to: .reviews) }
  }

  /// Closes the document, and ends it (``TreeWriter/endDocument()``).
  @inlinable
  public mutating func finish() throws {
    try advance(to: nil)
    try writer.endDocument()
  }

  /// Closes arrays until `next` is open (or, for `nil`, the document is closed).
  @inlinable
  mutating func advance(to next: CatalogSection?) throws {
    guard let current = section else { preconditionFailure("the document is already closed") }
    precondition(next.map { $0.rawValue > current.rawValue } ?? true, "a catalog's parts come in the order people, works, reviews")
    while let open = section, open != next {
      try writer.endArray()
      section = CatalogSection.following(open)
      if let opened = section {
        try writer.beginArray(opened.documentKey, opened.list)
      } else {
        try writer.endObject()
      }
    }
  }
}

extension TreeWriter {
  @inlinable
  mutating func key<K: CatalogKey>(_ key: K) throws {
    try self.key(key.rawValue)
  }

  @inlinable
  mutating func field<K: CatalogKey>(_ key: K, _ value: String) throws {
    try self.key(key.rawValue)
    try string(value)
  }

  @inlinable
  mutating func field<K: CatalogKey>(_ key: K, _ value: String?) throws {
    if let value { try field(key, value) }
  }

  @inlinable
  mutating func field<K: CatalogKey>(_ key: K, _ value: Int64?) throws {
    if let value {
      try self.key(key.rawValue)
      try integer(value)
    }
  }

  /// Opens the array of `list` under `key`.
  @inlinable
  mutating func beginArray<K: CatalogKey>(_ key: K, _ list: CatalogList) throws {
    try self.key(key.rawValue)
    try beginArray(itemName: list.itemName)
  }

  @inlinable
  mutating func strings<K: CatalogKey>(_ key: K, _ list: CatalogList, _ values: [String]) throws {
    try beginArray(key, list)
    for value in values { try string(value) }
    try endArray()
  }
}

extension CatalogInfo {
  /// Writes this info as the document's `catalog` object.
  @inlinable
  public func write<W: TreeWriter>(to w: inout W) throws {
    try w.beginObject(named: "catalog")
    try w.field(Key.id, id)
    try w.field(Key.title, title)
    try w.field(Key.description, description)
    try w.field(Key.language, language)
    try w.field(Key.updated, updated)
    try w.endObject()
  }
}

extension Person {
  /// Writes this person as one item of the `people` array.
  @inlinable
  public func write<W: TreeWriter>(to w: inout W) throws {
    try w.beginObject(named: CatalogList.people.itemName)
    try w.field(Key.id, id)
    try w.field(Key.name, name)
    try w.field(Key.nativeName, nativeName)
    try w.endObject()
  }
}

extension Work {
  /// Writes this work as one item of the `works` array.
  @inlinable
  public func write<W: TreeWriter>(to w: inout W) throws {
    try w.beginObject(named: CatalogList.works.itemName)
    try w.field(Key.id, id)
    try w.field(Key.kind, kind)
    try w.field(Key.title, title)
    try w.field(Key.originalTitle, originalTitle)
    try w.field(Key.year, year)
    try w.field(Key.releaseDate, releaseDate)
    try w.field(Key.runtimeMinutes, runtimeMinutes)
    try w.strings(Key.languages, .languages, languages)
    try w.strings(Key.countries, .countries, countries)
    try w.strings(Key.genres, .genres, genres)
    try w.beginArray(Key.credits, .credits)
    for credit in credits {
      try w.beginObject(named: CatalogList.credits.itemName)
      try w.field(Credit.Key.person, credit.person)
      try w.field(Credit.Key.role, credit.role)
      try w.field(Credit.Key.character, credit.character)
      try w.endObject()
    }
    try w.endArray()
    try w.field(Key.basedOn, basedOn)
    try w.beginArray(Key.boxOffice, .boxOffice)
    for entry in boxOffice {
      try w.beginObject(named: CatalogList.boxOffice.itemName)
      try w.field(BoxOffice.Key.territory, entry.territory)
      try w.key(BoxOffice.Key.gross)
      try w.beginObject(named: BoxOffice.Key.gross.rawValue)
      try w.field(Money.Key.amount, entry.gross.amount)
      try w.field(Money.Key.currency, entry.gross.currency)
      try w.endObject()
      try w.field(BoxOffice.Key.asOf, entry.asOf)
      try w.endObject()
    }
    try w.endArray()
    try w.beginArray(Key.rankings, .rankings)
    for ranking in rankings {
      try w.beginObject(named: CatalogList.rankings.itemName)
      try w.field(Ranking.Key.list, ranking.list)
      try w.field(Ranking.Key.rank, ranking.rank)
      try w.field(Ranking.Key.asOf, ranking.asOf)
      try w.endObject()
    }
    try w.endArray()
    try w.beginArray(Key.availability, .availability)
    for offer in availability {
      try w.beginObject(named: CatalogList.availability.itemName)
      try w.field(Availability.Key.platform, offer.platform)
      try w.field(Availability.Key.region, offer.region)
      try w.field(Availability.Key.from, offer.from)
      try w.endObject()
    }
    try w.endArray()
    try w.endObject()
  }
}

extension Review {
  /// Writes this review as one item of the `reviews` array.
  @inlinable
  public func write<W: TreeWriter>(to w: inout W) throws {
    try w.beginObject(named: CatalogList.reviews.itemName)
    try w.field(Key.id, id)
    try w.field(Key.work, work)
    try w.field(Key.critic, critic)
    try w.field(Key.publication, publication)
    try w.field(Key.published, published)
    try w.field(Key.headline, headline)
    try w.field(Key.summary, summary)
    if let rating {
      try w.key(Key.rating)
      try w.beginObject(named: Key.rating.rawValue)
      try w.key(Rating.Key.value)
      try w.double(rating.value)
      try w.field(Rating.Key.scale, rating.scale)
      try w.endObject()
    }
    try w.field(Key.body, body)
    try w.strings(Key.tags, .tags, tags)
    try w.strings(Key.mentions, .mentions, mentions)
    try w.beginArray(Key.quotes, .quotes)
    for quote in quotes {
      try w.beginObject(named: CatalogList.quotes.itemName)
      try w.field(Quote.Key.text, quote.text)
      try w.field(Quote.Key.speaker, quote.speaker)
      try w.field(Quote.Key.context, quote.context)
      try w.endObject()
    }
    try w.endArray()
    try w.beginArray(Key.sources, .sources)
    for source in sources {
      try w.beginObject(named: CatalogList.sources.itemName)
      try w.field(Source.Key.name, source.name)
      try w.field(Source.Key.url, source.url)
      try w.endObject()
    }
    try w.endArray()
    try w.endObject()
  }
}

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
  @usableFromInline enum Section: Int {
    case people, works, reviews, done
  }

  /// The tree writer.
  public var writer: W
  @usableFromInline var section = Section.people

  /// Parts to be written to `writer`.
  @inlinable
  public init(_ writer: W) {
    self.writer = writer
  }

  /// Writes what comes before the first person.
  @inlinable
  public mutating func start(formatVersion: Int64, info: CatalogInfo) throws {
    try writer.beginObject(named: "reviewCatalog")
    try writer.key("formatVersion")
    try writer.integer(formatVersion)
    try writer.key("catalog")
    try info.write(to: &writer)
    try writer.key("people")
    try writer.beginArray(itemName: "person")
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

  /// Closes the document.
  @inlinable
  public mutating func finish() throws {
    try advance(to: .done)
  }

  @inlinable
  mutating func advance(to next: Section) throws {
    precondition(next.rawValue > section.rawValue, "a catalog's parts come in the order people, works, reviews")
    while section.rawValue < next.rawValue {
      try writer.endArray()
      section = Section(rawValue: section.rawValue + 1)!
      switch section {
      case .works:
        try writer.key("works")
        try writer.beginArray(itemName: "work")
      case .reviews:
        try writer.key("reviews")
        try writer.beginArray(itemName: "review")
      case .done, .people:
        try writer.endObject()
      }
    }
  }
}

extension TreeWriter {
  @inlinable
  mutating func field(_ key: String, _ value: String) throws {
    try self.key(key)
    try string(value)
  }

  @inlinable
  mutating func field(_ key: String, _ value: String?) throws {
    if let value { try field(key, value) }
  }

  @inlinable
  mutating func field(_ key: String, _ value: Int64?) throws {
    if let value {
      try self.key(key)
      try integer(value)
    }
  }

  @inlinable
  mutating func strings(_ key: String, item: String, _ values: [String]) throws {
    try self.key(key)
    try beginArray(itemName: item)
    for value in values { try string(value) }
    try endArray()
  }
}

extension CatalogInfo {
  @inlinable
  func write<W: TreeWriter>(to w: inout W) throws {
    try w.beginObject(named: "catalog")
    try w.field("id", id)
    try w.field("title", title)
    try w.field("description", description)
    try w.field("language", language)
    try w.field("updated", updated)
    try w.endObject()
  }
}

extension Person {
  @inlinable
  func write<W: TreeWriter>(to w: inout W) throws {
    try w.beginObject(named: "person")
    try w.field("id", id)
    try w.field("name", name)
    try w.field("nativeName", nativeName)
    try w.endObject()
  }
}

extension Work {
  @inlinable
  func write<W: TreeWriter>(to w: inout W) throws {
    try w.beginObject(named: "work")
    try w.field("id", id)
    try w.field("kind", kind)
    try w.field("title", title)
    try w.field("originalTitle", originalTitle)
    try w.field("year", year)
    try w.field("releaseDate", releaseDate)
    try w.field("runtimeMinutes", runtimeMinutes)
    try w.strings("languages", item: "language", languages)
    try w.strings("countries", item: "country", countries)
    try w.strings("genres", item: "genre", genres)
    try w.key("credits")
    try w.beginArray(itemName: "credit")
    for credit in credits {
      try w.beginObject(named: "credit")
      try w.field("person", credit.person)
      try w.field("role", credit.role)
      try w.field("character", credit.character)
      try w.endObject()
    }
    try w.endArray()
    try w.field("basedOn", basedOn)
    try w.key("boxOffice")
    try w.beginArray(itemName: "entry")
    for entry in boxOffice {
      try w.beginObject(named: "entry")
      try w.field("territory", entry.territory)
      try w.key("gross")
      try w.beginObject(named: "gross")
      try w.field("amount", entry.gross.amount)
      try w.field("currency", entry.gross.currency)
      try w.endObject()
      try w.field("asOf", entry.asOf)
      try w.endObject()
    }
    try w.endArray()
    try w.key("rankings")
    try w.beginArray(itemName: "ranking")
    for ranking in rankings {
      try w.beginObject(named: "ranking")
      try w.field("list", ranking.list)
      try w.field("rank", ranking.rank)
      try w.field("asOf", ranking.asOf)
      try w.endObject()
    }
    try w.endArray()
    try w.key("availability")
    try w.beginArray(itemName: "offer")
    for offer in availability {
      try w.beginObject(named: "offer")
      try w.field("platform", offer.platform)
      try w.field("region", offer.region)
      try w.field("from", offer.from)
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
    try w.beginObject(named: "review")
    try w.field("id", id)
    try w.field("work", work)
    try w.field("critic", critic)
    try w.field("publication", publication)
    try w.field("published", published)
    try w.field("headline", headline)
    try w.field("summary", summary)
    if let rating {
      try w.key("rating")
      try w.beginObject(named: "rating")
      try w.key("value")
      try w.double(rating.value)
      try w.field("scale", rating.scale)
      try w.endObject()
    }
    try w.field("body", body)
    try w.strings("tags", item: "tag", tags)
    try w.strings("mentions", item: "mention", mentions)
    try w.key("quotes")
    try w.beginArray(itemName: "quote")
    for quote in quotes {
      try w.beginObject(named: "quote")
      try w.field("text", quote.text)
      try w.field("speaker", quote.speaker)
      try w.field("context", quote.context)
      try w.endObject()
    }
    try w.endArray()
    try w.key("sources")
    try w.beginArray(itemName: "source")
    for source in sources {
      try w.beginObject(named: "source")
      try w.field("name", source.name)
      try w.field("url", source.url)
      try w.endObject()
    }
    try w.endArray()
    try w.endObject()
  }
}

import ReviewCatalog
import ReviewExporting

/// Exports a catalog as schema.org structured data: one JSON-LD document
/// (`.jsonld`) whose `@graph` holds each person as a `Person`, each work as
/// its schema.org type (``JSONLDExporter/schemaType(ofKind:)``), each review
/// as a `Review` with what search engines' review snippets read, and, after
/// the reviews, each rated work's `aggregateRating` under the work's own
/// `@id` (JSON-LD merges nodes of one `@id`, so the aggregate can follow the
/// reviews and the document streams).
///
/// Ids are fragments within the document (`#work-the-wandering-earth`), or,
/// with `base-url`, that site's pages: `<base>people/<id>`, `<base>works/<id>`,
/// `<base>reviews/<id>`.
public struct JSONLDExporter: StreamingExporter {
  /// Creates the exporter.
  public init() {}

  /// The scale aggregate ratings are given on: each rating is brought to it
  /// (`value / scale × 5`) before the mean, so ratings on any scale combine.
  public static let aggregateScale = 5

  /// The `jsonld` format.
  public let format = FormatDescriptor(
    name: "jsonld", fileExtension: "jsonld", mediaType: "application/ld+json",
    summary: "schema.org structured data (JSON-LD): works, people and reviews with ratings, for search engines.",
    options: [
      OptionDescriptor(
        name: "base-url", kind: .string, defaultValue: .string(""),
        help: "The site's address, such as https://example.org/: ids become <base>works/<id>, <base>people/<id>, <base>reviews/<id>."),
      OptionDescriptor(
        name: "person-path", kind: .string, defaultValue: .string("people/{id}"),
        help: "With base-url: where a person's page is, {id} standing for the person's id."),
      OptionDescriptor(
        name: "work-path", kind: .string, defaultValue: .string("works/{id}"),
        help: "With base-url: where a work's page is, {id} standing for the work's id."),
      OptionDescriptor(
        name: "review-path", kind: .string, defaultValue: .string("reviews/{id}"),
        help: "With base-url: where a review's page is, {id} standing for the review's id."),
      OptionDescriptor(
        name: "script-safe", kind: .boolean, defaultValue: .boolean(false),
        help:
          "Write <, DEL, C1 controls and noncharacters as \\u escapes, so that the output can go as it is inside an HTML <script type=\"application/ld+json\"> element."
      ),
    ])

  /// The schema.org type of a work of `kind`: `film` is a `Movie`, a
  /// `series` a `TVSeries`, a `book`, `novel` or `novella` a `Book`, …;
  /// any other kind a `CreativeWork`.
  public static func schemaType(ofKind kind: String) -> String {
    switch kind {
    case "film", "movie", "short-film", "documentary": "Movie"
    case "series", "tv-series", "tv", "miniseries": "TVSeries"
    case "episode", "tv-episode": "TVEpisode"
    case "book", "novel", "novella", "comic", "graphic-novel": "Book"
    case "short-story": "ShortStory"
    case "game", "video-game": "VideoGame"
    case "album": "MusicAlbum"
    case "play": "TheaterEvent"
    default: "CreativeWork"
    }
  }

  /// What search engines will miss in this catalog's structured data, one
  /// note each (`review-export validate --for jsonld` prints them): the
  /// markup is valid either way, but these keep parts of it out of rich
  /// results.
  public static func advice(for catalog: Catalog) -> [String] {
    var notes: [String] = []
    let unrated = catalog.reviews.enumerated().filter { $0.element.rating == nil }.map(\.offset)
    if !unrated.isEmpty {
      notes.append(
        "\(unrated.count) review\(unrated.count == 1 ? " has" : "s have") no rating (reviews[\(unrated.prefix(5).map(String.init).joined(separator: "], reviews["))]\(unrated.count > 5 ? ", …" : "")): "
          + "Google shows a review snippet only for a review with a reviewRating")
    }
    let movies = catalog.works.filter { schemaType(ofKind: $0.kind) == "Movie" }
    if !movies.isEmpty {
      notes.append(
        "\(movies.count) work\(movies.count == 1 ? " is a" : "s are") Movie\(movies.count == 1 ? "" : "s"), and the catalog format has no image for a work: "
          + "Google's Movie carousel needs one (add it to the page's own markup)")
    }
    let unreviewed = catalog.works.filter { work in !catalog.reviews.contains { $0.work == work.id && $0.rating != nil } }
    if !unreviewed.isEmpty {
      notes.append(
        "\(unreviewed.count) work\(unreviewed.count == 1 ? " has" : "s have") no rated review, so no aggregateRating (\(unreviewed.prefix(3).map(\.id).joined(separator: ", "))\(unreviewed.count > 3 ? ", …" : ""))"
      )
    }
    let kindless = catalog.works.filter { schemaType(ofKind: $0.kind) == "CreativeWork" }.map(\.kind)
    if !kindless.isEmpty {
      notes.append("kinds with no schema.org type of their own, written as CreativeWork: \(Set(kindless).sorted().joined(separator: ", "))")
    }
    return notes
  }

  /// Opens the graph and returns the writer of its nodes.
  public func begin(_ catalog: Catalog, to output: ExportDestination) throws -> any CatalogWriter {
    let base = try output.options.siteAddress(of: "jsonld")
    var writer = JSONTreeWriter(sink: output.sink, indent: 2, escapeNonASCII: false, scriptSafe: output.options.boolean("script-safe"))
    try writer.beginObject(named: "graph")
    try writer.key("@context")
    try writer.string("https://schema.org")
    try writer.key("@graph")
    try writer.beginArray(itemName: "node")
    let options = output.options
    return JSONLDWriter(
      writer: writer, base: base,
      paths: (options.string("person-path"), options.string("work-path"), options.string("review-path")))
  }
}

/// Writes each person, work and review as a node, then the aggregates.
struct JSONLDWriter: CatalogWriter {
  var writer: JSONTreeWriter
  let base: String
  /// Where people's, works' and reviews' pages are under `base`, `{id}` for the id.
  let paths: (person: String, work: String, review: String)
  /// Each work's ratings so far: the sum of normalised values, the rated and all reviews, in works order.
  var aggregates: [(id: String, sum: Double, rated: Int, reviews: Int)] = []
  var workIndex: [String: Int] = [:]

  func personID(_ id: String) -> String { base.isEmpty ? "#person-\(id)" : base + paths.person.replacingOccurrences(of: "{id}", with: id) }
  func workID(_ id: String) -> String { base.isEmpty ? "#work-\(id)" : base + paths.work.replacingOccurrences(of: "{id}", with: id) }
  func reviewID(_ id: String) -> String { base.isEmpty ? "#review-\(id)" : base + paths.review.replacingOccurrences(of: "{id}", with: id) }

  mutating func field(_ key: String, _ value: String?) throws {
    guard let value, !value.isEmpty else { return }
    try writer.key(key)
    try writer.string(value)
  }

  mutating func reference(_ key: String, _ id: String) throws {
    try writer.key(key)
    try writer.beginObject(named: key)
    try writer.key("@id")
    try writer.string(id)
    try writer.endObject()
  }

  mutating func references(_ key: String, _ ids: [String]) throws {
    guard !ids.isEmpty else { return }
    try writer.key(key)
    try writer.beginArray(itemName: key)
    for id in ids {
      try writer.beginObject(named: key)
      try writer.key("@id")
      try writer.string(id)
      try writer.endObject()
    }
    try writer.endArray()
  }

  mutating func strings(_ key: String, _ values: [String]) throws {
    guard !values.isEmpty else { return }
    try writer.key(key)
    try writer.beginArray(itemName: key)
    for value in values { try writer.string(value) }
    try writer.endArray()
  }

  mutating func write(_ person: Person) throws {
    try writer.beginObject(named: "person")
    try field("@id", personID(person.id))
    try field("@type", "Person")
    try field("name", person.name)
    try field("alternateName", person.nativeName)
    try writer.endObject()
  }

  mutating func write(_ work: Work) throws {
    if workIndex[work.id] == nil {
      workIndex[ReviewJoin.copy(work.id)] = aggregates.count
      aggregates.append((ReviewJoin.copy(work.id), 0, 0, 0))
    }
    try writer.beginObject(named: "work")
    try field("@id", workID(work.id))
    try field("@type", JSONLDExporter.schemaType(ofKind: work.kind))
    try field("name", work.title)
    try field("alternateName", work.originalTitle)
    try field("datePublished", work.releaseDate)
    if let year = work.year {
      try writer.key("dateCreated")
      try writer.string(String(year))
    }
    try references("director", work.credits.filter { $0.role == "director" }.map { personID($0.person) })
    try references("author", work.credits.filter { $0.role == "author" || $0.role == "writer" }.map { personID($0.person) })
    try references("actor", work.credits.filter { $0.role == "actor" }.map { personID($0.person) })
    try strings("genre", work.genres)
    try strings("inLanguage", work.languages)
    if !work.countries.isEmpty {
      try writer.key("countryOfOrigin")
      try writer.beginArray(itemName: "country")
      for country in work.countries {
        try writer.beginObject(named: "country")
        try field("@type", "Country")
        try field("name", country)
        try writer.endObject()
      }
      try writer.endArray()
    }
    if let minutes = work.runtimeMinutes { try field("duration", "PT\(minutes)M") }
    if let basedOn = work.basedOn { try reference("isBasedOn", workID(basedOn)) }
    try writer.endObject()
  }

  mutating func write(_ review: Review) throws {
    try writer.beginObject(named: "review")
    try field("@id", reviewID(review.id))
    try field("@type", "Review")
    try reference("itemReviewed", workID(review.work))
    try reference("author", personID(review.critic))
    if let rating = review.rating {
      try writer.key("reviewRating")
      try writer.beginObject(named: "rating")
      try field("@type", "Rating")
      try writer.key("ratingValue")
      try writer.double(rating.value)
      try writer.key("bestRating")
      try writer.integer(rating.scale)
      try writer.key("worstRating")
      try writer.integer(0)
      try writer.endObject()
    }
    try field("datePublished", review.published)
    try field("name", review.headline)
    try field("headline", review.headline)
    try field("description", review.summary)
    try field("reviewBody", review.body)
    if let publication = review.publication, !publication.isEmpty {
      try writer.key("publisher")
      try writer.beginObject(named: "publisher")
      try field("@type", "Organization")
      try field("name", publication)
      try writer.endObject()
    }
    try strings("keywords", review.tags)
    try references("mentions", review.mentions.map(workID))
    try writer.endObject()
    if let index = workIndex[review.work] {
      aggregates[index].reviews += 1
      if let rating = review.rating, rating.scale > 0 {
        aggregates[index].sum += rating.value / Double(rating.scale) * Double(JSONLDExporter.aggregateScale)
        aggregates[index].rated += 1
      }
    }
  }

  /// Each rated work's aggregate, under the work's `@id`; then closes the graph.
  mutating func finish() throws {
    for aggregate in aggregates where aggregate.rated > 0 {
      try writer.beginObject(named: "work")
      try field("@id", workID(aggregate.id))
      try writer.key("aggregateRating")
      try writer.beginObject(named: "aggregateRating")
      try field("@type", "AggregateRating")
      try writer.key("ratingValue")
      try writer.double((aggregate.sum / Double(aggregate.rated) * 100).rounded() / 100)
      try writer.key("bestRating")
      try writer.integer(Int64(JSONLDExporter.aggregateScale))
      try writer.key("worstRating")
      try writer.integer(0)
      try writer.key("ratingCount")
      try writer.integer(Int64(aggregate.rated))
      try writer.key("reviewCount")
      try writer.integer(Int64(aggregate.reviews))
      try writer.endObject()
      try writer.endObject()
    }
    try writer.endArray()
    try writer.endObject()
    try writer.endDocument()
  }
}

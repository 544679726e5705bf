import ReviewCatalog
import ReviewExporting

/// Exports a catalog as JSON Lines: a folder `<name>.jsonl/` with
/// `catalog.jsonl` (one line: `formatVersion` and `catalog`),
/// `people.jsonl`, `works.jsonl` and `reviews.jsonl`, one object a line,
/// each exactly as in the canonical JSON (keys in order, compact).
///
/// A file per collection keeps each file's records homogeneous, so that
/// DuckDB's `read_json_auto`, pandas' `read_json(lines=True)` and Spark's
/// `spark.read.json` load each as a table with one column per key (lists and
/// nested objects as nested columns); one file whose lines carried a `type`
/// would give one table with the union of every kind's columns. The folder
/// reads back to the same catalog.
///
/// With `shape=flat`, the folder holds only `reviews.jsonl`: one line per
/// review with its work's and critic's fields joined in (the `csv` table's
/// columns, typed, lists as arrays), for search indexes. That shape is lossy.
public struct JSONLinesExporter: StreamingExporter {
  /// Creates the exporter.
  public init() {}

  /// The files of the lossless shape, in order.
  static let files = ["catalog.jsonl"] + CatalogSection.allCases.map { $0.key + ".jsonl" }

  /// The `jsonl` format.
  public let format = FormatDescriptor(
    name: "jsonl", fileExtension: "jsonl", mediaType: "application/jsonl",
    summary: "JSON Lines: a folder with catalog, people, works and reviews files, one canonical JSON object a line.",
    options: [
      OptionDescriptor(
        name: "shape", kind: .choice(["tables", "flat"]), defaultValue: .string("tables"),
        help: "tables: one file per collection, lossless; flat: reviews.jsonl only, each review with its work's and critic's fields (lossy).")
    ], layout: .directory)

  /// Creates the files and writes the catalog's line.
  public func begin(_ catalog: Catalog, to output: ExportDestination) throws -> any CatalogWriter {
    if output.options.string("shape") == "flat" {
      return JSONLinesFlatWriter(writer: JSONTreeWriter(sink: try output.member(named: "reviews.jsonl"), indent: nil, escapeNonASCII: false))
    }
    let sinks = try Self.files.map { try output.member(named: $0) }
    var header = JSONTreeWriter(sink: sinks[0], indent: nil, escapeNonASCII: false)
    try header.beginObject(named: "reviewCatalog")
    try header.key(Catalog.Key.formatVersion.rawValue)
    try header.integer(catalog.formatVersion)
    try header.key(Catalog.Key.catalog.rawValue)
    try catalog.info.write(to: &header)
    try header.endObject()
    try header.endDocument()
    return JSONLinesWriter(
      people: JSONTreeWriter(sink: sinks[1], indent: nil, escapeNonASCII: false),
      works: JSONTreeWriter(sink: sinks[2], indent: nil, escapeNonASCII: false),
      reviews: JSONTreeWriter(sink: sinks[3], indent: nil, escapeNonASCII: false))
  }
}

/// Writes each person, work and review as one line of its file.
struct JSONLinesWriter: CatalogWriter {
  var people: JSONTreeWriter
  var works: JSONTreeWriter
  var reviews: JSONTreeWriter

  mutating func write(_ person: Person) throws {
    try person.write(to: &people)
    try people.endDocument()
  }

  mutating func write(_ work: Work) throws {
    try work.write(to: &works)
    try works.endDocument()
  }

  mutating func write(_ review: Review) throws {
    try review.write(to: &reviews)
    try reviews.endDocument()
  }

  mutating func finish() throws {}
}

/// Writes one line per review with its work's and critic's fields.
struct JSONLinesFlatWriter: CatalogWriter {
  var writer: JSONTreeWriter
  var joined = ReviewJoin()

  mutating func write(_ person: Person) throws { joined.remember(person) }
  mutating func write(_ work: Work) throws { joined.remember(work) }

  mutating func write(_ review: Review) throws {
    let work = joined.works[review.work]
    try writer.beginObject(named: "review")
    try field("id", review.id)
    try field("work", review.work)
    try field("work.title", work?.title)
    try field("work.originalTitle", work?.originalTitle)
    try field("work.kind", work?.kind)
    if let year = work?.year {
      try writer.key("work.year")
      try writer.integer(year)
    }
    try field("critic", review.critic)
    try field("critic.name", joined.people[review.critic])
    try field("publication", review.publication)
    try field("published", review.published)
    try field("headline", review.headline)
    try field("summary", review.summary)
    if let rating = review.rating {
      try writer.key("rating.value")
      try writer.double(rating.value)
      try writer.key("rating.scale")
      try writer.integer(rating.scale)
    }
    try field("body", review.body)
    try strings("tags", review.tags)
    try strings("mentions", review.mentions)
    try strings("quotes.text", review.quotes.map(\.text))
    try strings("sources.name", review.sources.map(\.name))
    try writer.endObject()
    try writer.endDocument()
  }

  mutating func finish() throws {}

  private mutating func field(_ key: String, _ value: String?) throws {
    guard let value else { return }
    try writer.key(key)
    try writer.string(value)
  }

  private mutating func strings(_ key: String, _ values: [String]) throws {
    try writer.key(key)
    try writer.beginArray(itemName: key)
    for value in values { try writer.string(value) }
    try writer.endArray()
  }
}

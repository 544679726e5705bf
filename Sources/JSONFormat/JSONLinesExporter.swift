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
public struct JSONLinesExporter: SplittableExporter {
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
  public func beginSplittable(_ catalog: Catalog, to output: ExportDestination) throws -> any SplittableCatalogWriter {
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

  /// True for the flat shape, whose lines join each review's work and critic.
  public func joinsPeopleAndWorks(with options: ExportOptions) -> Bool { options.string("shape") == "flat" }
}

/// Writes each person, work and review as one line of its file.
struct JSONLinesWriter: SplittableCatalogWriter {
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
  mutating func startReviews() throws {}
  mutating func flush() throws {}
}

/// Writes one line per review with its work's and critic's fields: the
/// columns of the review sheet, typed, lists as arrays, absent values left out.
struct JSONLinesFlatWriter: SplittableCatalogWriter {
  var writer: JSONTreeWriter
  var joined = ReviewJoin()

  mutating func write(_ person: Person) throws { joined.remember(person) }
  mutating func write(_ work: Work) throws { joined.remember(work) }

  mutating func write(_ review: Review) throws {
    try writer.beginObject(named: "review")
    for (column, value) in zip(ReviewSheet.Column.allCases, ReviewSheet.row(of: review, joining: joined)) {
      switch value {
      case .absent: continue
      case .text(let text), .date(let text):
        try writer.key(column.name)
        try writer.string(text)
      case .integer(let integer):
        try writer.key(column.name)
        try writer.integer(integer)
      case .number(let number):
        try writer.key(column.name)
        try writer.double(number)
      case .list(let items):
        try writer.key(column.name)
        try writer.beginArray(itemName: column.name)
        for item in items { try writer.string(item) }
        try writer.endArray()
      }
    }
    try writer.endObject()
    try writer.endDocument()
  }

  mutating func finish() throws {}
  mutating func startReviews() throws {}
  mutating func flush() throws {}
}

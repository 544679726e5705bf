import ReviewCatalog
import ReviewExporting

/// Exports one spreadsheet row per review, with the work's and critic's
/// names joined in.
///
/// Lossy by design: list columns join their items with the `list-separator`,
/// and quotes and sources keep only their texts and names. Use `csv-tables`
/// to keep everything.
public struct CSVExporter: StreamingExporter {
  /// Creates the exporter.
  public init() {}

  /// The columns, in order.
  public static let columns = [
    "id", "work", "work.title", "work.originalTitle", "work.kind", "work.year", "critic", "critic.name",
    "publication", "published", "headline", "summary", "rating.value", "rating.scale", "body", "tags", "mentions",
    "quotes.text", "sources.name",
  ]

  /// The `csv` format.
  public let format = FormatDescriptor(
    name: "csv", fileExtension: "csv", mediaType: "text/csv",
    summary: "One row per review for spreadsheets (lossy: lists are joined; csv-tables keeps everything).",
    options: CSVDialect.options + CSVDialect.spreadsheetOptions + [
      OptionDescriptor(
        name: "list-separator", kind: .string, defaultValue: .string("; "),
        help: "What joins the items of list columns (tags, mentions, quotes.text, sources.name)."),
    ])

  /// Writes the header row and returns the writer of the reviews' rows.
  public func begin(_ head: Catalog, to output: ExportOutput) throws -> any ReviewWriter {
    let writer = try CSVWriter(sink: output.sink, dialect: CSVDialect(output.options, spreadsheet: true))
    try writer.writeHeader(Self.columns)
    return CSVRowWriter(
      writer: writer, separator: output.options.string("list-separator"),
      works: Dictionary(
        head.works.map {
          (copy($0.id), CSVRowWriter.WorkColumns(title: copy($0.title), originalTitle: $0.originalTitle.map(copy), kind: copy($0.kind), year: $0.year))
        },
        uniquingKeysWith: { first, _ in first }),
      people: Dictionary(head.people.map { (copy($0.id), copy($0.name)) }, uniquingKeysWith: { first, _ in first }))
  }

  /// A copy of `text` in memory of its own. What a writer keeps of the head
  /// is copied, so that it does not hold the head's memory page by page after
  /// the rest of the head is freed.
  private func copy(_ text: String) -> String {
    var text = text
    return text.withUTF8 { utf8 in
      String(unsafeUninitializedCapacity: utf8.count) { buffer in
        _ = buffer.initialize(fromContentsOf: utf8)
        return utf8.count
      }
    }
  }
}

/// Writes one row per review, the work's and critic's names joined in.
struct CSVRowWriter: ReviewWriter {
  let writer: CSVWriter
  let separator: String
  /// What a row shows of a work: only this is kept of the works, not all of them.
  struct WorkColumns {
    var title: String
    var originalTitle: String?
    var kind: String
    var year: Int64?
  }

  let works: [String: WorkColumns]
  /// The people's names by id.
  let people: [String: String]

  mutating func write(_ review: Review) throws {
    let work = works[review.work]
    // Field by field rather than through an array: this runs for every review.
    try writer.write(.text(review.id), first: true)
    try writer.write(.text(review.work))
    try writer.write(.optional(work?.title))
    try writer.write(.optional(work?.originalTitle))
    try writer.write(.optional(work?.kind))
    try writer.write(.integer(work?.year))
    try writer.write(.text(review.critic))
    try writer.write(.optional(people[review.critic]))
    try writer.write(.optional(review.publication))
    try writer.write(.text(review.published))
    try writer.write(.text(review.headline))
    try writer.write(.optional(review.summary))
    try writer.write(.double(review.rating?.value))
    try writer.write(.integer(review.rating?.scale))
    try writer.write(.text(review.body))
    try writer.write(.text(review.tags.joined(separator: separator)))
    try writer.write(.text(review.mentions.joined(separator: separator)))
    try writer.write(.text(review.quotes.map(\.text).joined(separator: separator)))
    try writer.write(.text(review.sources.map(\.name).joined(separator: separator)))
    try writer.endRow()
  }

  mutating func finish() throws {}
}

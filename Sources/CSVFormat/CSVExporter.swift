import ReviewCatalog
import ReviewExporting

/// Exports one spreadsheet row per review, with the work's and critic's
/// names joined in.
///
/// Lossy by design: list columns join their items with the `list-separator`,
/// and quotes and sources keep only their texts and names. Use `csv-tables`
/// to keep everything.
public struct CSVExporter: Exporter {
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

  /// Writes the reviews as rows.
  public func export(_ catalog: Catalog, to output: ExportOutput) throws {
    let writer = try CSVWriter(sink: output.sink, dialect: CSVDialect(output.options, spreadsheet: true))
    let separator = output.options.string("list-separator")
    let works = Dictionary(catalog.works.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    let people = Dictionary(catalog.people.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    try writer.writeHeader(Self.columns)
    for review in catalog.reviews {
      let work = works[review.work]
      try writer.writeRow([
        .text(review.id), .text(review.work), .optional(work?.title), .optional(work?.originalTitle),
        .optional(work?.kind), .integer(work?.year), .text(review.critic), .optional(people[review.critic]?.name),
        .optional(review.publication), .text(review.published), .text(review.headline), .optional(review.summary),
        .double(review.rating?.value), .integer(review.rating?.scale), .text(review.body),
        .text(review.tags.joined(separator: separator)), .text(review.mentions.joined(separator: separator)),
        .text(review.quotes.map(\.text).joined(separator: separator)),
        .text(review.sources.map(\.name).joined(separator: separator)),
      ])
      output.reviewWritten()
    }
  }
}

import ReviewCatalog
import ReviewExporting

/// Exports one spreadsheet row per review, with the work's and critic's
/// names joined in.
///
/// Lossy by design: list columns join their items with the `list-separator`,
/// and quotes and sources keep only their texts and names. Use `csv-tables`
/// to keep everything.
public struct CSVExporter: SplittableExporter {
  /// Creates the exporter.
  public init() {}

  /// The columns, in order.
  public static let columns = ReviewSheet.columnNames

  /// The `csv` format.
  public let format = FormatDescriptor(
    name: "csv", fileExtension: "csv", mediaType: "text/csv",
    summary: "One row per review for spreadsheets (lossy: lists are joined; csv-tables keeps everything).",
    options: CSVDialect.options + CSVDialect.spreadsheetOptions + [
      OptionDescriptor(
        name: "header", kind: .boolean, defaultValue: .boolean(true),
        help: "Begin with the row of column names; without it, files of rows concatenate (a sharded export's, appends)."),
      OptionDescriptor(
        name: "list-separator", kind: .string, defaultValue: .string("; "),
        help: "What joins the items of list columns (tags, mentions, quotes.text, sources.name)."),
    ])

  /// Writes the header row and returns the writer of the reviews' rows.
  public func beginSplittable(_ catalog: Catalog, to output: ExportDestination) throws -> any SplittableCatalogWriter {
    let writer = try CSVWriter(sink: output.sink, dialect: CSVDialect(output.options, spreadsheet: true))
    if output.options.boolean("header") { try writer.writeHeader(Self.columns) }
    return CSVRowWriter(writer: writer, separator: output.options.string("list-separator"))
  }

  /// True: each row joins its work's title and kind and its critic's name.
  public func joinsPeopleAndWorks(with options: ExportOptions) -> Bool { true }
}

/// Writes one row per review, the work's and critic's names joined in.
///
/// It keeps what rows show of the people and works as they pass, each text
/// copied into memory of its own, so that the people and works themselves
/// can be freed (see ``copy(_:)``).
struct CSVRowWriter: SplittableCatalogWriter {
  let writer: CSVWriter
  let separator: String
  var joined = ReviewJoin()

  init(writer: CSVWriter, separator: String) {
    self.writer = writer
    self.separator = separator
  }

  mutating func write(_ person: Person) throws { joined.remember(person) }
  mutating func write(_ work: Work) throws { joined.remember(work) }

  mutating func write(_ review: Review) throws {
    let work = joined.works[review.work]
    // Field by field rather than through an array: this runs for every review.
    try writer.write(.text(review.id), first: true)
    try writer.write(.text(review.work))
    try writer.write(.optional(work?.title))
    try writer.write(.optional(work?.originalTitle))
    try writer.write(.optional(work?.kind))
    try writer.write(.integer(work?.year))
    try writer.write(.text(review.critic))
    try writer.write(.optional(joined.people[review.critic]))
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
  mutating func startReviews() throws {}
  mutating func flush() throws {}
}

import ReviewCatalog
import ReviewExporting

/// Exports a catalog losslessly as a folder of CSV tables, `<name>.tables/`.
///
/// One table for the catalog's info, people, works and reviews, and one child
/// table per list (see ``CSVTable``). An absent optional value is an empty
/// cell; a present but empty text is `""`. Reading the folder back gives the
/// same catalog, unless `formula-guard` is on: it prefixes text cells that a
/// spreadsheet would run as formulas with `'`, which then reads back as part
/// of the text.
public struct CSVTablesExporter: StreamingExporter {
  /// Creates the exporter.
  public init() {}

  /// The `csv-tables` format.
  public let format = FormatDescriptor(
    name: "csv-tables", fileExtension: "tables", mediaType: "text/csv",
    summary: "A folder of CSV tables (catalog, people, works, reviews and one per list) that reads back losslessly.",
    options: CSVDialect.options + [CSVDialect.formulaGuardOption], layout: .directory)

  /// Creates every table, writes the catalog's row, and returns the writer
  /// of the other rows.
  public func begin(_ catalog: Catalog, to output: ExportOutput) throws -> any CatalogWriter {
    let dialect = CSVDialect(output.options, spreadsheet: false)
    var writers: [CSVWriter] = []
    for table in CSVTable.allCases {
      let writer = try CSVWriter(sink: try output.member(named: table.fileName), dialect: dialect)
      try writer.writeHeader(table.columns)
      writers.append(writer)
    }
    let tables = CSVTableWriters(writers: writers)
    let info = catalog.info
    try tables.row(
      .catalog,
      [
        .integer(catalog.formatVersion), .text(info.id), .text(info.title), .optional(info.description),
        .optional(info.language), .optional(info.updated),
      ])
    return tables
  }
}

/// The writers of every table, in ``CSVTable`` order; as a ``CatalogWriter``,
/// writes each person's, work's and review's rows into their tables.
struct CSVTableWriters: CatalogWriter {
  let writers: [CSVWriter]

  func row(_ table: CSVTable, _ fields: [CSVField]) throws {
    try writers[table.index].writeRow(fields)
  }

  func items(_ table: CSVTable, _ parent: String, _ values: [String]) throws {
    for (position, value) in values.enumerated() { try row(table, [.text(parent), .number(String(position)), .text(value)]) }
  }

  mutating func write(_ person: Person) throws {
    try row(.people, [.text(person.id), .text(person.name), .optional(person.nativeName)])
  }

  mutating func write(_ work: Work) throws {
    try row(
      .works,
      [
        .text(work.id), .text(work.kind), .text(work.title), .optional(work.originalTitle), .integer(work.year),
        .optional(work.releaseDate), .integer(work.runtimeMinutes), .optional(work.basedOn),
      ])
    try items(.workLanguages, work.id, work.languages)
    try items(.workCountries, work.id, work.countries)
    try items(.workGenres, work.id, work.genres)
    for (position, credit) in work.credits.enumerated() {
      try row(.workCredits, [.text(work.id), .number(String(position)), .text(credit.person), .text(credit.role), .optional(credit.character)])
    }
    for (position, entry) in work.boxOffice.enumerated() {
      try row(
        .workBoxOffice,
        [
          .text(work.id), .number(String(position)), .text(entry.territory), .integer(entry.gross.amount),
          .text(entry.gross.currency), .optional(entry.asOf),
        ])
    }
    for (position, ranking) in work.rankings.enumerated() {
      try row(.workRankings, [.text(work.id), .number(String(position)), .text(ranking.list), .integer(ranking.rank), .optional(ranking.asOf)])
    }
    for (position, offer) in work.availability.enumerated() {
      try row(.workAvailability, [.text(work.id), .number(String(position)), .text(offer.platform), .optional(offer.region), .optional(offer.from)])
    }
  }

  mutating func write(_ review: Review) throws {
    try row(
      .reviews,
      [
        .text(review.id), .text(review.work), .text(review.critic), .optional(review.publication), .text(review.published),
        .text(review.headline), .optional(review.summary), .double(review.rating?.value), .integer(review.rating?.scale),
        .text(review.body),
      ])
    try items(.reviewTags, review.id, review.tags)
    try items(.reviewMentions, review.id, review.mentions)
    for (position, quote) in review.quotes.enumerated() {
      try row(.reviewQuotes, [.text(review.id), .number(String(position)), .text(quote.text), .text(quote.speaker), .optional(quote.context)])
    }
    for (position, source) in review.sources.enumerated() {
      try row(.reviewSources, [.text(review.id), .number(String(position)), .text(source.name), .optional(source.url)])
    }
  }

  mutating func finish() throws {}
}

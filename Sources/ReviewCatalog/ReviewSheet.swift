/// The table a person opens in a spreadsheet: one row per review, with its
/// work's and critic's fields joined in. The `csv` format writes it as text,
/// `xlsx` as typed cells, `jsonl`'s flat shape as typed JSON, and the SQLite
/// database has it as a view; this is the one list of its columns.
public enum ReviewSheet {
  /// One column of the table.
  public enum Column: String, CaseIterable, Sendable {
    case id
    case work
    case workTitle = "work.title"
    case workOriginalTitle = "work.originalTitle"
    case workKind = "work.kind"
    case workYear = "work.year"
    case critic
    case criticName = "critic.name"
    case publication
    case published
    case headline
    case summary
    case ratingValue = "rating.value"
    case ratingScale = "rating.scale"
    case body
    case tags
    case mentions
    case quotesText = "quotes.text"
    case sourcesName = "sources.name"

    /// The column's name in a header row.
    public var name: String { rawValue }
  }

  /// A cell of the table, typed.
  public enum Value: Sendable, Equatable {
    /// No value.
    case absent
    /// A text.
    case text(String)
    /// A calendar date, `YYYY-MM-DD`.
    case date(String)
    /// An integer.
    case integer(Int64)
    /// A number.
    case number(Double)
    /// The items of a list, in order.
    case list([String])
  }

  /// The names of the columns, in order.
  public static let columnNames = Column.allCases.map(\.name)

  /// The row of `review`, with what `join` knows of its work and critic.
  public static func row(of review: Review, joining join: ReviewJoin) -> [Value] {
    let work = join.works[review.work]
    return Column.allCases.map { column in
      switch column {
      case .id: .text(review.id)
      case .work: .text(review.work)
      case .workTitle: work.map { .text($0.title) } ?? .absent
      case .workOriginalTitle: work?.originalTitle.map(Value.text) ?? .absent
      case .workKind: work.map { .text($0.kind) } ?? .absent
      case .workYear: work?.year.map(Value.integer) ?? .absent
      case .critic: .text(review.critic)
      case .criticName: join.people[review.critic].map(Value.text) ?? .absent
      case .publication: review.publication.map(Value.text) ?? .absent
      case .published: .date(review.published)
      case .headline: .text(review.headline)
      case .summary: review.summary.map(Value.text) ?? .absent
      case .ratingValue: review.rating.map { .number($0.value) } ?? .absent
      case .ratingScale: review.rating.map { .integer($0.scale) } ?? .absent
      case .body: .text(review.body)
      case .tags: .list(review.tags)
      case .mentions: .list(review.mentions)
      case .quotesText: .list(review.quotes.map(\.text))
      case .sourcesName: .list(review.sources.map(\.name))
      }
    }
  }
}

/// The tables of the `csv-tables` format: one file each, with a fixed header.
///
/// `catalog`, `people`, `works` and `reviews` hold one row per object; every
/// list becomes a child table whose rows carry the parent's id and the item's
/// position (from 0), so order survives.
enum CSVTable: String, CaseIterable {
  case catalog
  case people
  case works
  case workLanguages = "work-languages"
  case workCountries = "work-countries"
  case workGenres = "work-genres"
  case workCredits = "work-credits"
  case workBoxOffice = "work-box-office"
  case workRankings = "work-rankings"
  case workAvailability = "work-availability"
  case reviews
  case reviewTags = "review-tags"
  case reviewMentions = "review-mentions"
  case reviewQuotes = "review-quotes"
  case reviewSources = "review-sources"

  /// The table's place in ``allCases``.
  var index: Int { Self.positions[self]! }
  private static let positions = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })

  /// The file's name in the folder.
  var fileName: String { rawValue + ".csv" }

  /// The header row.
  var columns: [String] {
    switch self {
    case .catalog: ["formatVersion", "id", "title", "description", "language", "updated"]
    case .people: ["id", "name", "nativeName"]
    case .works: ["id", "kind", "title", "originalTitle", "year", "releaseDate", "runtimeMinutes", "basedOn"]
    case .workLanguages: ["work", "position", "language"]
    case .workCountries: ["work", "position", "country"]
    case .workGenres: ["work", "position", "genre"]
    case .workCredits: ["work", "position", "person", "role", "character"]
    case .workBoxOffice: ["work", "position", "territory", "amount", "currency", "asOf"]
    case .workRankings: ["work", "position", "list", "rank", "asOf"]
    case .workAvailability: ["work", "position", "platform", "region", "from"]
    case .reviews:
      ["id", "work", "critic", "publication", "published", "headline", "summary", "rating.value", "rating.scale", "body"]
    case .reviewTags: ["review", "position", "tag"]
    case .reviewMentions: ["review", "position", "work"]
    case .reviewQuotes: ["review", "position", "text", "speaker", "context"]
    case .reviewSources: ["review", "position", "name", "url"]
    }
  }

  /// For a child table, the key of the list in its parent (`genres`) and
  /// whether the parent is a work (else a review).
  var list: (key: String, parentIsWork: Bool)? {
    switch self {
    case .catalog, .people, .works, .reviews: nil
    case .workLanguages: ("languages", true)
    case .workCountries: ("countries", true)
    case .workGenres: ("genres", true)
    case .workCredits: ("credits", true)
    case .workBoxOffice: ("boxOffice", true)
    case .workRankings: ("rankings", true)
    case .workAvailability: ("availability", true)
    case .reviewTags: ("tags", false)
    case .reviewMentions: ("mentions", false)
    case .reviewQuotes: ("quotes", false)
    case .reviewSources: ("sources", false)
    }
  }
}

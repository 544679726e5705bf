/// A film, series, book or other work that reviews are about.
public struct Work: Sendable, Equatable {
  /// The work's id, a slug unique among the catalog's works.
  public var id: String
  /// What kind of work it is, a slug such as `film`, `series`, `novella`.
  public var kind: String
  /// The title in the catalog's language; must not be empty.
  public var title: String
  /// The title in the work's original language.
  public var originalTitle: String?
  /// The year of release or publication.
  public var year: Int64?
  /// The date of first release, `YYYY-MM-DD`.
  public var releaseDate: String?
  /// The running time in minutes; greater than zero.
  public var runtimeMinutes: Int64?
  /// The work's languages, as BCP 47 tags.
  public var languages: [String]
  /// The countries of production, as ISO 3166-1 alpha-2 codes.
  public var countries: [String]
  /// The genres, each a non-empty text.
  public var genres: [String]
  /// The credits, in order.
  public var credits: [Credit]
  /// The id of the work this one is based on, which must be in the catalog.
  public var basedOn: String?
  /// Box-office takings by territory.
  public var boxOffice: [BoxOffice]
  /// Places on ranked lists.
  public var rankings: [Ranking]
  /// Where the work can be watched or bought.
  public var availability: [Availability]

  /// Creates a work.
  public init(
    id: String, kind: String, title: String, originalTitle: String? = nil,
    year: Int64? = nil, releaseDate: String? = nil, runtimeMinutes: Int64? = nil,
    languages: [String] = [], countries: [String] = [], genres: [String] = [],
    credits: [Credit] = [], basedOn: String? = nil, boxOffice: [BoxOffice] = [],
    rankings: [Ranking] = [], availability: [Availability] = []
  ) {
    self.id = id
    self.kind = kind
    self.title = title
    self.originalTitle = originalTitle
    self.year = year
    self.releaseDate = releaseDate
    self.runtimeMinutes = runtimeMinutes
    self.languages = languages
    self.countries = countries
    self.genres = genres
    self.credits = credits
    self.basedOn = basedOn
    self.boxOffice = boxOffice
    self.rankings = rankings
    self.availability = availability
  }
}

extension Work {
  /// The keys of a work, in the canonical order.
  public enum Key: String, CatalogKey {
    case id
    case kind
    case title
    case originalTitle
    case year
    case releaseDate
    case runtimeMinutes
    case languages
    case countries
    case genres
    case credits
    case basedOn
    case boxOffice
    case rankings
    case availability

    /// The keys a work must have.
    public static let required: Set<Key> = [.id, .kind, .title, .languages, .countries, .genres, .credits, .boxOffice, .rankings, .availability]
    /// `a work`.
    public static let objectName = "a work"
    /// The shape readers check these objects against.
    public static let shape = ObjectShape(Key.self)
    /// Every key in the canonical order, made once.
    public static let inOrder: [Key] = allCases
    /// What the key holds.
    public var value: CatalogValue {
      switch self {
      case .id: .scalar(.id)
      case .kind: .scalar(.id)
      case .title: .scalar(.nonEmptyText)
      case .originalTitle: .scalar(.text)
      case .year: .scalar(.integer)
      case .releaseDate: .scalar(.date)
      case .runtimeMinutes: .scalar(.positiveInteger)
      case .languages: .list(.languages, .scalar(.language))
      case .countries: .list(.countries, .scalar(.country))
      case .genres: .list(.genres, .scalar(.nonEmptyText))
      case .credits: .list(.credits, .object(Credit.Key.shape))
      case .basedOn: .reference(.works)
      case .boxOffice: .list(.boxOffice, .object(BoxOffice.Key.shape))
      case .rankings: .list(.rankings, .object(Ranking.Key.shape))
      case .availability: .list(.availability, .object(Availability.Key.shape))
      }
    }
  }
}

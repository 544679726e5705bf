/// A critic's review of one work.
public struct Review: Sendable, Equatable {
  /// The review's id, a slug unique among the catalog's reviews.
  public var id: String
  /// The id of the work reviewed, which must be in the catalog's works.
  public var work: String
  /// The id of the critic, who must be in the catalog's people.
  public var critic: String
  /// Where the review was published.
  public var publication: String?
  /// The date of publication, `YYYY-MM-DD`.
  public var published: String
  /// The headline; must not be empty.
  public var headline: String
  /// A short summary.
  public var summary: String?
  /// The critic's rating.
  public var rating: Rating?
  /// The text of the review; paragraphs are separated by a blank line. Must not be empty.
  public var body: String
  /// Tags, each a non-empty text.
  public var tags: [String]
  /// Ids of other works the review mentions; each must be in the catalog's works.
  public var mentions: [String]
  /// Quotations in the review.
  public var quotes: [Quote]
  /// Sources the review draws on.
  public var sources: [Source]

  /// Creates a review.
  public init(
    id: String, work: String, critic: String, publication: String? = nil,
    published: String, headline: String, summary: String? = nil, rating: Rating? = nil,
    body: String, tags: [String] = [], mentions: [String] = [],
    quotes: [Quote] = [], sources: [Source] = []
  ) {
    self.id = id
    self.work = work
    self.critic = critic
    self.publication = publication
    self.published = published
    self.headline = headline
    self.summary = summary
    self.rating = rating
    self.body = body
    self.tags = tags
    self.mentions = mentions
    self.quotes = quotes
    self.sources = sources
  }
}

extension Review {
  /// The keys of a review, in the canonical order.
  public enum Key: String, CatalogKey {
    case id
    case work
    case critic
    case publication
    case published
    case headline
    case summary
    case rating
    case body
    case tags
    case mentions
    case quotes
    case sources

    /// The keys a review must have.
    public static let required: Set<Key> = [.id, .work, .critic, .published, .headline, .body, .tags, .mentions, .quotes, .sources]
    /// `a review`.
    public static let objectName = "a review"
    /// The shape readers check these objects against.
    public static let shape = ObjectShape(Key.self)
    /// Every key in the canonical order, made once.
    public static let inOrder: [Key] = allCases
    /// What the key holds.
    public var value: CatalogValue {
      switch self {
      case .id: .scalar(.id)
      case .work: .reference(.works)
      case .critic: .reference(.people)
      case .publication: .scalar(.text)
      case .published: .scalar(.date)
      case .headline: .scalar(.nonEmptyText)
      case .summary: .scalar(.text)
      case .rating: .object(Rating.Key.shape)
      case .body: .scalar(.nonEmptyText)
      case .tags: .list(.tags, .scalar(.nonEmptyText))
      case .mentions: .list(.mentions, .reference(.works))
      case .quotes: .list(.quotes, .object(Quote.Key.shape))
      case .sources: .list(.sources, .object(Source.Key.shape))
      }
    }
  }
}

/// A review catalog: the people, works and reviews that every format carries.
///
/// `Catalog` is a plain value. Build one in code or read one from a file with a
/// format's reader, then check it with ``CatalogValidator`` before exporting.
/// The order of `people`, `works` and `reviews` is the order of the source and
/// of every output.
public struct Catalog: Sendable, Equatable {
  /// The format version this model implements.
  public static let currentFormatVersion: Int64 = 1

  /// The version of the catalog format; ``currentFormatVersion`` is the only valid value.
  public var formatVersion: Int64
  /// What the catalog is: its id, title and description (the `catalog` key).
  public var info: CatalogInfo
  /// The people that credits, critics and quotes refer to.
  public var people: [Person]
  /// The films, books and other works under review.
  public var works: [Work]
  /// The reviews, each about one work.
  public var reviews: [Review]

  /// Creates a catalog.
  public init(
    formatVersion: Int64 = Catalog.currentFormatVersion,
    info: CatalogInfo,
    people: [Person] = [],
    works: [Work] = [],
    reviews: [Review] = []
  ) {
    self.formatVersion = formatVersion
    self.info = info
    self.people = people
    self.works = works
    self.reviews = reviews
  }
}

extension Catalog {
  /// The keys of the catalog document, in the canonical order.
  public enum Key: String, CatalogKey {
    case formatVersion
    case catalog
    case people
    case works
    case reviews

    /// The keys the catalog document must have.
    public static let required: Set<Key> = [.formatVersion, .catalog, .people, .works, .reviews]
    /// `the catalog document`.
    public static let objectName = "the catalog document"
    /// The shape readers check these objects against.
    public static let shape = ObjectShape(Key.self)
    /// Every key in the canonical order, made once.
    public static let inOrder: [Key] = allCases
    /// What the key holds.
    public var value: CatalogValue {
      switch self {
      case .formatVersion: .scalar(.formatVersion)
      case .catalog: .object(CatalogInfo.Key.shape)
      case .people: .list(.people, .object(Person.Key.shape))
      case .works: .list(.works, .object(Work.Key.shape))
      case .reviews: .list(.reviews, .object(Review.Key.shape))
      }
    }
  }
}

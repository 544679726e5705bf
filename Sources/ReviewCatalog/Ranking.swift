/// A work's place on a ranked list.
public struct Ranking: Sendable, Equatable {
  /// The name of the list; must not be empty.
  public var list: String
  /// The place on the list, 1 or more.
  public var rank: Int64
  /// The date the ranking refers to, `YYYY-MM-DD`.
  public var asOf: String?

  /// Creates a ranking.
  public init(list: String, rank: Int64, asOf: String? = nil) {
    self.list = list
    self.rank = rank
    self.asOf = asOf
  }
}

extension Ranking {
  /// The keys of a ranking, in the canonical order.
  public enum Key: String, CatalogKey {
    case list
    case rank
    case asOf

    /// The keys a ranking must have.
    public static let required: Set<Key> = [.list, .rank]
    /// `a ranking`.
    public static let objectName = "a ranking"
    /// The shape readers check these objects against.
    public static let shape = ObjectShape(Key.self)
    /// Every key in the canonical order, made once.
    public static let inOrder: [Key] = allCases
    /// What the key holds.
    public var value: CatalogValue {
      switch self {
      case .list: .scalar(.nonEmptyText)
      case .rank: .scalar(.positiveInteger)
      case .asOf: .scalar(.date)
      }
    }
  }
}

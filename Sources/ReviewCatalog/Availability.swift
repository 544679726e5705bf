/// Where a work can be watched, bought or borrowed.
public struct Availability: Sendable, Equatable {
  /// The platform or shop; must not be empty.
  public var platform: String
  /// The region, an ISO 3166-1 alpha-2 code.
  public var region: String?
  /// The date from which it is available, `YYYY-MM-DD`.
  public var from: String?

  /// Creates an availability entry.
  public init(platform: String, region: String? = nil, from: String? = nil) {
    self.platform = platform
    self.region = region
    self.from = from
  }
}

extension Availability {
  /// The keys of an availability entry, in the canonical order.
  public enum Key: String, CatalogKey {
    case platform
    case region
    case `from`

    /// The keys an availability entry must have.
    public static let required: Set<Key> = [.platform]
    /// `an availability entry`.
    public static let objectName = "an availability entry"
    /// The shape readers check these objects against.
    public static let shape = ObjectShape(Key.self)
    /// Every key in the canonical order, made once.
    public static let inOrder: [Key] = allCases
    /// What the key holds.
    public var value: CatalogValue {
      switch self {
      case .platform: .scalar(.nonEmptyText)
      case .region: .scalar(.country)
      case .`from`: .scalar(.date)
      }
    }
  }
}

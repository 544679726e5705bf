/// What a catalog is about: the `catalog` object of the format.
public struct CatalogInfo: Sendable, Equatable {
  /// The catalog's id, a slug.
  public var id: String
  /// The catalog's title; must not be empty.
  public var title: String
  /// A description of the catalog.
  public var description: String?
  /// The language of the catalog's texts, a BCP 47 tag such as `en` or `zh-Hans`.
  public var language: String?
  /// When the catalog was last updated, an RFC 3339 timestamp kept as written.
  public var updated: String?

  /// Creates the description of a catalog.
  public init(id: String, title: String, description: String? = nil, language: String? = nil, updated: String? = nil) {
    self.id = id
    self.title = title
    self.description = description
    self.language = language
    self.updated = updated
  }
}

extension CatalogInfo {
  /// The keys of the catalog object, in the canonical order.
  public enum Key: String, CatalogKey {
    case id
    case title
    case description
    case language
    case updated

    /// The keys the catalog object must have.
    public static let required: Set<Key> = [.id, .title]
    /// `the catalog object`.
    public static let objectName = "the catalog object"
    /// The shape readers check these objects against.
    public static let shape = ObjectShape(Key.self)
    /// Every key in the canonical order, made once.
    public static let inOrder: [Key] = allCases
    /// What the key holds.
    public var value: CatalogValue {
      switch self {
      case .id: .scalar(.id)
      case .title: .scalar(.nonEmptyText)
      case .description: .scalar(.text)
      case .language: .scalar(.language)
      case .updated: .scalar(.timestamp)
      }
    }
  }
}

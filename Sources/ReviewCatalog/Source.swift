/// A source a review draws on.
public struct Source: Sendable, Equatable {
  /// The source's name; must not be empty.
  public var name: String
  /// Where to find it: an absolute `http` or `https` URL.
  public var url: String?

  /// Creates a source.
  public init(name: String, url: String? = nil) {
    self.name = name
    self.url = url
  }
}

extension Source {
  /// The keys of a source, in the canonical order.
  public enum Key: String, CatalogKey {
    case name
    case url

    /// The keys a source must have.
    public static let required: Set<Key> = [.name]
    /// `a source`.
    public static let objectName = "a source"
    /// The shape readers check these objects against.
    public static let shape = ObjectShape(Key.self)
    /// Every key in the canonical order, made once.
    public static let inOrder: [Key] = allCases
    /// What the key holds.
    public var value: CatalogValue {
      switch self {
      case .name: .scalar(.nonEmptyText)
      case .url: .scalar(.url)
      }
    }
  }
}

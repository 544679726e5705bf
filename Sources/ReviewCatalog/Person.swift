/// A person credited on a work, writing a review, or quoted in one.
public struct Person: Sendable, Equatable {
  /// The person's id, a slug unique among the catalog's people.
  public var id: String
  /// The name as credited in the catalog's language; must not be empty.
  public var name: String
  /// The name in the person's own script, such as `郭帆`.
  public var nativeName: String?

  /// Creates a person.
  public init(id: String, name: String, nativeName: String? = nil) {
    self.id = id
    self.name = name
    self.nativeName = nativeName
  }
}

extension Person {
  /// The keys of a person, in the canonical order.
  public enum Key: String, CatalogKey {
    case id
    case name
    case nativeName

    /// The keys a person must have.
    public static let required: Set<Key> = [.id, .name]
    /// `a person`.
    public static let objectName = "a person"
    /// The shape readers check these objects against.
    public static let shape = ObjectShape(Key.self)
    /// Every key in the canonical order, made once.
    public static let inOrder: [Key] = allCases
    /// What the key holds.
    public var value: CatalogValue {
      switch self {
      case .id: .scalar(.id)
      case .name: .scalar(.nonEmptyText)
      case .nativeName: .scalar(.text)
      }
    }
  }
}

/// A person's part in a work: director, writer, actor, author, …
public struct Credit: Sendable, Equatable {
  /// The id of the credited person, who must be in the catalog's people.
  public var person: String
  /// The role, a slug such as `director` or `actor`.
  public var role: String
  /// The character played, for actors.
  public var character: String?

  /// Creates a credit.
  public init(person: String, role: String, character: String? = nil) {
    self.person = person
    self.role = role
    self.character = character
  }
}

extension Credit {
  /// The keys of a credit, in the canonical order.
  public enum Key: String, CatalogKey {
    case person
    case role
    case character

    /// The keys a credit must have.
    public static let required: Set<Key> = [.person, .role]
    /// `a credit`.
    public static let objectName = "a credit"
    /// The shape readers check these objects against.
    public static let shape = ObjectShape(Key.self)
    /// Every key in the canonical order, made once.
    public static let inOrder: [Key] = allCases
    /// What the key holds.
    public var value: CatalogValue {
      switch self {
      case .person: .reference(.people)
      case .role: .scalar(.id)
      case .character: .scalar(.text)
      }
    }
  }
}

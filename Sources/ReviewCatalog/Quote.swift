/// A quotation in a review.
public struct Quote: Sendable, Equatable {
  /// The words quoted; must not be empty.
  public var text: String
  /// The id of the person quoted, who must be in the catalog's people.
  public var speaker: String
  /// Where or when it was said.
  public var context: String?

  /// Creates a quotation.
  public init(text: String, speaker: String, context: String? = nil) {
    self.text = text
    self.speaker = speaker
    self.context = context
  }
}

extension Quote {
  /// The keys of a quote, in the canonical order.
  public enum Key: String, CatalogKey {
    case text
    case speaker
    case context

    /// The keys a quote must have.
    public static let required: Set<Key> = [.text, .speaker]
    /// `a quote`.
    public static let objectName = "a quote"
    /// The shape readers check these objects against.
    public static let shape = ObjectShape(Key.self)
    /// Every key in the canonical order, made once.
    public static let inOrder: [Key] = allCases
    /// What the key holds.
    public var value: CatalogValue {
      switch self {
      case .text: .scalar(.nonEmptyText)
      case .speaker: .reference(.people)
      case .context: .scalar(.text)
      }
    }
  }
}

/// A critic's rating on a scale, such as 3.5 out of 5.
public struct Rating: Sendable, Equatable {
  /// The rating, a finite number from 0 to ``scale``.
  public var value: Double
  /// The top of the scale, 1 or more.
  public var scale: Int64

  /// Creates a rating.
  public init(value: Double, scale: Int64) {
    self.value = value
    self.scale = scale
  }
}

extension Rating {
  /// The keys of a rating, in the canonical order.
  public enum Key: String, CatalogKey {
    case value
    case scale

    /// The keys a rating must have.
    public static let required: Set<Key> = [.value, .scale]
    /// `a rating`.
    public static let objectName = "a rating"
    /// The shape readers check these objects against.
    public static let shape = ObjectShape(Key.self)
    /// Every key in the canonical order, made once.
    public static let inOrder: [Key] = allCases
    /// What the key holds.
    public var value: CatalogValue {
      switch self {
      case .value: .scalar(.number)
      case .scale: .scalar(.positiveInteger)
      }
    }
  }
}

/// A work's gross takings in one territory.
public struct BoxOffice: Sendable, Equatable {
  /// An ISO 3166-1 alpha-2 code, or `WORLD` or `INTL`.
  public var territory: String
  /// The amount taken.
  public var gross: Money
  /// The date the figure refers to, `YYYY-MM-DD`.
  public var asOf: String?

  /// Creates a box-office entry.
  public init(territory: String, gross: Money, asOf: String? = nil) {
    self.territory = territory
    self.gross = gross
    self.asOf = asOf
  }
}

/// An amount of money in whole units of a currency.
public struct Money: Sendable, Equatable {
  /// The amount in whole units; zero or more.
  public var amount: Int64
  /// An ISO 4217 alpha-3 code such as `USD`.
  public var currency: String

  /// Creates an amount of money.
  public init(amount: Int64, currency: String) {
    self.amount = amount
    self.currency = currency
  }
}

extension BoxOffice {
  /// The keys of a box-office entry, in the canonical order.
  public enum Key: String, CatalogKey {
    case territory
    case gross
    case asOf

    /// The keys a box-office entry must have.
    public static let required: Set<Key> = [.territory, .gross]
    /// `a box-office entry`.
    public static let objectName = "a box-office entry"
    /// The shape readers check these objects against.
    public static let shape = ObjectShape(Key.self)
    /// Every key in the canonical order, made once.
    public static let inOrder: [Key] = allCases
    /// What the key holds.
    public var value: CatalogValue {
      switch self {
      case .territory: .scalar(.territory)
      case .gross: .object(Money.Key.shape)
      case .asOf: .scalar(.date)
      }
    }
  }
}

extension Money {
  /// The keys of an amount of money, in the canonical order.
  public enum Key: String, CatalogKey {
    case amount
    case currency

    /// The keys an amount of money must have.
    public static let required: Set<Key> = [.amount, .currency]
    /// `an amount of money`.
    public static let objectName = "an amount of money"
    /// The shape readers check these objects against.
    public static let shape = ObjectShape(Key.self)
    /// Every key in the canonical order, made once.
    public static let inOrder: [Key] = allCases
    /// What the key holds.
    public var value: CatalogValue {
      switch self {
      case .amount: .scalar(.nonNegativeInteger)
      case .currency: .scalar(.currency)
      }
    }
  }
}

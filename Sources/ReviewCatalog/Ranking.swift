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

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

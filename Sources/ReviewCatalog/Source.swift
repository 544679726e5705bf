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

/// One part of a catalog, as a streaming reader hands them out.
public enum CatalogItem: Sendable {
  /// The next person of `people`.
  case person(Person)
  /// The next work of `works`.
  case work(Work)
  /// The next review of `reviews`.
  case review(Review)
}

/// One of the catalog's arrays, in the order a streamed catalog must give
/// them: people, then works, then reviews.
public enum CatalogSection: Int, Sendable, CaseIterable {
  // The raw values are the keys' indexes in ``ObjectShape/document``.
  /// `people`.
  case people = 2
  /// `works`.
  case works = 3
  /// `reviews`.
  case reviews = 4

  /// The section the document key number `key` begins, if it begins one.
  public init?(documentKey key: Int) {
    self.init(rawValue: key)
  }

  /// The document's key for the section.
  @inlinable
  public var documentKey: Catalog.Key { Catalog.Key(index: rawValue) }

  /// The key: `people`, `works` or `reviews`.
  public var key: String { documentKey.rawValue }

  /// The section's list.
  @inlinable
  public var list: CatalogList {
    switch self {
    case .people: .people
    case .works: .works
    case .reviews: .reviews
    }
  }

  /// What each item is called: `person`, `work` or `review` (XML's element names).
  public var itemName: String { list.itemName }

  /// The section that must come after `previous`, or first when it is `nil`;
  /// `nil` after the reviews.
  @inlinable
  public static func following(_ previous: CatalogSection?) -> CatalogSection? {
    guard let previous else { return .people }
    return CatalogSection(rawValue: previous.rawValue + 1)
  }
}

extension CatalogDecoding {
  /// Reads one item of `section`.
  @inlinable
  public mutating func readItem(of section: CatalogSection) throws -> CatalogItem {
    switch section {
    case .people: .person(try readPerson())
    case .works: .work(try readWork())
    case .reviews: .review(try readReview())
    }
  }
}

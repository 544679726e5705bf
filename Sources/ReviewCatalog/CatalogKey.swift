/// The keys of one kind of object of the catalog, in the canonical order:
/// the order every format writes them in, and the one ``ObjectShape`` is
/// made from. Each object of the model has its own (`Review.Key`, …), so
/// that code reading or writing a key names it, and a `switch` over the keys
/// must handle every one.
public protocol CatalogKey: RawRepresentable, CaseIterable, Hashable, Sendable
where RawValue == String, AllCases == [Self] {
  /// The keys an object must have.
  static var required: Set<Self> { get }
  /// The object as named in messages, such as `a review`.
  static var objectName: String { get }
  /// The shape readers check these objects against (``ObjectShape/init(_:)``, made once).
  static var shape: ObjectShape { get }
  /// Every key in the canonical order, made once (`allCases`
  /// makes a new array each time it is asked).
  static var inOrder: [Self] { get }
  /// What the key holds (``CatalogValue``): its type, or the shape of its
  /// object, or its list's items.
  var value: CatalogValue { get }
}

extension CatalogKey {
  /// Whether the key holds what identifies its object (`id`, and the
  /// document's `formatVersion`): formats with attributes, such as XML, write
  /// it as one.
  public var isIdentifying: Bool { ObjectShape.isIdentifying(key: rawValue) }

  /// The key at `index` in the canonical order.
  @inlinable
  public init(index: Int) { self = Self.inOrder[index] }
}

/// Each list of the catalog: how messages name its items, and what each
/// item is called where items are named (XML's elements).
public enum CatalogList: Sendable, CaseIterable {
  case people, works, reviews
  case languages, countries, genres, credits, boxOffice, rankings, availability
  case tags, mentions, quotes, sources

  /// The items as messages name them: `an array of language tags`.
  public var noun: String {
    switch self {
    case .people: "people"
    case .works: "works"
    case .reviews: "reviews"
    case .languages: "language tags"
    case .countries: "country codes"
    case .genres: "genres"
    case .credits: "credits"
    case .boxOffice: "box-office entries"
    case .rankings: "rankings"
    case .availability: "availability entries"
    case .tags: "tags"
    case .mentions: "work ids"
    case .quotes: "quotes"
    case .sources: "sources"
    }
  }

  /// What one item is called: `person`, `language`, `entry`, …
  @inlinable
  public var itemName: String {
    switch self {
    case .people: "person"
    case .works: "work"
    case .reviews: "review"
    case .languages: "language"
    case .countries: "country"
    case .genres: "genre"
    case .credits: "credit"
    case .boxOffice: "entry"
    case .rankings: "ranking"
    case .availability: "offer"
    case .tags: "tag"
    case .mentions: "mention"
    case .quotes: "quote"
    case .sources: "source"
    }
  }
}

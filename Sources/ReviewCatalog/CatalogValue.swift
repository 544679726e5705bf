/// What one key of the catalog holds: the part of the shape that schemas
/// (XSD, JSON Schema), tables (`csv-tables`, SQLite) and their readers are
/// derived from. Each key enum says it for each of its keys
/// (``CatalogKey/value``); nothing else spells it.
public indirect enum CatalogValue: Sendable, Equatable {
  /// A single value of one of the catalog's scalar types.
  case scalar(CatalogScalar)
  /// The id of an item of another section: a work's `basedOn`, a review's `critic`.
  case reference(CatalogSection)
  /// A nested object, such as a review's `rating`.
  case object(ObjectShape)
  /// A list of items, each one such value.
  case list(CatalogList, CatalogValue)

  /// The scalar type of a scalar or a reference (an id); `nil` for objects and lists.
  public var scalarType: CatalogScalar? {
    switch self {
    case .scalar(let type): type
    case .reference: .id
    case .object, .list: nil
    }
  }
}

/// The scalar types of the catalog, each with the rule its values follow.
/// The rules themselves are checked by ``ScalarRules`` and ``CatalogValidator``;
/// these names let schemas say as much as they can of them.
public enum CatalogScalar: String, Sendable, CaseIterable {
  /// A slug: lower-case letters, digits, `.`, `_` and `-`, at most 128, starting with a letter or digit.
  case id = "Id"
  /// A calendar date, `YYYY-MM-DD`.
  case date = "Date"
  /// An RFC 3339 timestamp.
  case timestamp = "Timestamp"
  /// A BCP 47 language tag.
  case language = "Language"
  /// An ISO 3166-1 alpha-2 country code.
  case country = "Country"
  /// A country code, or `WORLD` or `INTL`.
  case territory = "Territory"
  /// An ISO 4217 currency code.
  case currency = "Currency"
  /// Any text, empty included.
  case text = "Text"
  /// A text that is not empty.
  case nonEmptyText = "NonEmptyText"
  /// An `http` or `https` URL.
  case url = "URL"
  /// The catalog format's version.
  case formatVersion = "FormatVersion"
  /// Any 64-bit integer.
  case integer = "Integer"
  /// A 64-bit integer, 0 or more.
  case nonNegativeInteger = "NonNegativeInteger"
  /// A 64-bit integer, 1 or more.
  case positiveInteger = "PositiveInteger"
  /// A finite number.
  case number = "Number"

  /// Whether values of this type are texts (else numbers).
  public var isText: Bool {
    switch self {
    case .formatVersion, .integer, .nonNegativeInteger, .positiveInteger, .number: false
    default: true
    }
  }

  /// Whether values of this type are 64-bit integers.
  public var isInteger: Bool {
    switch self {
    case .formatVersion, .integer, .nonNegativeInteger, .positiveInteger: true
    default: false
    }
  }

  /// The regular expression a text of this type matches, where one says it
  /// (both XSD and JSON Schema take it; anchored by the schema).
  public var pattern: String? {
    switch self {
    case .id: #"[a-z0-9][a-z0-9._\-]{0,127}"#
    case .date: "[0-9]{4}-[0-9]{2}-[0-9]{2}"
    case .timestamp: #"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+\-][0-9]{2}:[0-9]{2})"#
    case .language: "[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*"
    case .country: "[A-Z]{2}"
    case .territory: "[A-Z]{2}|WORLD|INTL"
    case .currency: "[A-Z]{3}"
    case .url: #"[Hh][Tt][Tt][Pp][Ss]?://[^/?#\s]+\S*"#
    case .text, .nonEmptyText, .formatVersion, .integer, .nonNegativeInteger, .positiveInteger, .number: nil
    }
  }

  /// The smallest value of an integer type, where it has one.
  public var minimum: Int64? {
    switch self {
    case .nonNegativeInteger: 0
    case .positiveInteger, .formatVersion: 1
    default: nil
    }
  }
}

extension ObjectShape {
  /// The value each key holds, by its index in ``keys``.
  public func value(at index: Int) -> CatalogValue { values[index] }

  /// Whether the key at `index` must be present.
  @inlinable
  public func isRequired(_ index: Int) -> Bool { requiredMask & (1 << UInt32(index)) != 0 }
}

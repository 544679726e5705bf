import ReviewCatalog
import ReviewExporting

/// The JSON Schema (draft 2020-12) of the catalog format, as
/// `review-export schema json` prints it, made from the catalog's shape:
/// every object's keys in the canonical order, which are required, no other
/// keys, each value's type, and the rules of its scalar type that a schema
/// can say (patterns, minimums, non-empty texts, 64-bit integers).
///
/// What only the tool checks: references between collections, unique ids,
/// real calendar dates, language, country and currency codes beyond their
/// shape, a rating within its scale, and duplicate keys (which JSON parsers
/// drop before a schema sees them).
public enum JSONSchemaText {
  /// The schema's `$id`.
  public static let id = "urn:review-export:catalog:\(Catalog.currentFormatVersion):json-schema"

  /// The schema's text, two spaces per level, a final newline.
  public static let text: String = {
    var definitions: [(String, Value)] = []
    for scalar in CatalogScalar.allCases { definitions.append((scalar.rawValue, schema(of: scalar))) }
    for (name, shape) in namedObjects() { definitions.append((name, object(shape))) }
    var root: [(String, Value)] = [
      ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
      ("$id", .string(id)),
      ("title", .string("Review catalog, format \(Catalog.currentFormatVersion)")),
      (
        "description",
        .string(
          "A catalog of film reviews as review-export reads and writes it. References between collections, unique ids, calendar dates and code lists are checked by the tool only."
        )
      ),
    ]
    if case .object(let members) = object(ObjectShape.document) { root += members }
    root.append(("$defs", .object(definitions)))
    var output = ""
    Value.object(root).write(to: &output, depth: 0)
    return output + "\n"
  }()

  /// A node of the schema document.
  private indirect enum Value {
    case string(String)
    case integer(Int64)
    case bool(Bool)
    case array([Value])
    case object([(String, Value)])

    func write(to output: inout String, depth: Int) {
      let indent = String(repeating: "  ", count: depth + 1)
      let closing = String(repeating: "  ", count: depth)
      switch self {
      case .string(let text): Self.quote(text, into: &output)
      case .integer(let value): output += String(value)
      case .bool(let value): output += value ? "true" : "false"
      case .array(let items):
        if items.allSatisfy({ if case .string = $0 { true } else { false } }) {
          output += "["
          for (index, item) in items.enumerated() {
            if index > 0 { output += ", " }
            item.write(to: &output, depth: depth + 1)
          }
          output += "]"
          return
        }
        output += "[\n"
        for (index, item) in items.enumerated() {
          output += indent
          item.write(to: &output, depth: depth + 1)
          output += index < items.count - 1 ? ",\n" : "\n"
        }
        output += closing + "]"
      case .object(let members):
        guard !members.isEmpty else {
          output += "{}"
          return
        }
        output += "{\n"
        for (index, (key, value)) in members.enumerated() {
          output += indent
          Self.quote(key, into: &output)
          output += ": "
          value.write(to: &output, depth: depth + 1)
          output += index < members.count - 1 ? ",\n" : "\n"
        }
        output += closing + "}"
      }
    }

    static func quote(_ text: String, into output: inout String) { output += JSONText.quoted(text) }

  }

  /// A reference to a definition.
  private static func ref(_ name: String) -> Value { .object([("$ref", .string("#/$defs/\(name)"))]) }

  /// The definition of a scalar type.
  private static func schema(of scalar: CatalogScalar) -> Value {
    var members: [(String, Value)] = []
    switch scalar {
    case .formatVersion:
      members = [("const", .integer(Catalog.currentFormatVersion))]
    case .integer, .nonNegativeInteger, .positiveInteger:
      members = [("type", .string("integer")), ("minimum", .integer(scalar.minimum ?? .min)), ("maximum", .integer(.max))]
    case .number:
      members = [("type", .string("number"))]
    default:
      members = [("type", .string("string"))]
      if scalar == .nonEmptyText { members.append(("minLength", .integer(1))) }
      if let pattern = scalar.pattern { members.append(("pattern", .string("^(?:\(pattern))$"))) }
    }
    return .object([("description", .string(description(of: scalar)))] + members)
  }

  private static func description(of scalar: CatalogScalar) -> String {
    switch scalar {
    case .id: "A slug: lower-case letters, digits, '.', '_' and '-', at most 128, starting with a letter or digit."
    case .date: "A calendar date, YYYY-MM-DD."
    case .timestamp: "An RFC 3339 timestamp."
    case .language: "A BCP 47 language tag."
    case .country: "An ISO 3166-1 alpha-2 country code."
    case .territory: "A country code, or WORLD or INTL."
    case .currency: "An ISO 4217 currency code."
    case .text: "Any text, empty included."
    case .nonEmptyText: "A text that is not empty."
    case .url: "An http or https URL."
    case .formatVersion: "The catalog format's version."
    case .integer: "A 64-bit integer."
    case .nonNegativeInteger: "A 64-bit integer, 0 or more."
    case .positiveInteger: "A 64-bit integer, 1 or more."
    case .number: "A finite number."
    }
  }

  /// Objects with an id get a definition of their own, named after their item (`Work`).
  private static func namedObjects() -> [(String, ObjectShape)] {
    var result: [(String, ObjectShape)] = []
    func visit(_ shape: ObjectShape) {
      for (index, value) in shape.values.enumerated() {
        switch value {
        case .object(let inner):
          if inner.keys.contains("id") { result.append((typeName(shape.keys[index]), inner)) }
          visit(inner)
        case .list(let list, .object(let inner)):
          if inner.keys.contains("id") { result.append((typeName(list.itemName), inner)) }
          visit(inner)
        default: break
        }
      }
    }
    visit(ObjectShape.document)
    return result
  }

  private static func typeName(_ name: String) -> String { name.prefix(1).uppercased() + name.dropFirst() }

  /// The schema of an object of `shape`.
  private static func object(_ shape: ObjectShape) -> Value {
    var properties: [(String, Value)] = []
    for (index, key) in shape.keys.enumerated() { properties.append((key, value(shape.values[index], named: key))) }
    let required = shape.keys.indices.filter { shape.isRequired($0) }.map { Value.string(shape.keys[$0]) }
    return .object([
      ("type", .string("object")), ("properties", .object(properties)), ("required", .array(required)),
      ("additionalProperties", .bool(false)),
    ])
  }

  private static func value(_ value: CatalogValue, named name: String) -> Value {
    switch value {
    case .scalar(let scalar): return ref(scalar.rawValue)
    case .reference(let section):
      return .object([("$ref", .string("#/$defs/Id")), ("description", .string("The id of one of the catalog's \(section.key)."))])
    case .object(let shape): return shape.keys.contains("id") ? ref(typeName(name)) : object(shape)
    case .list(let list, let item):
      let itemName = list.itemName
      let items: Value =
        if case .object(let shape) = item, shape.keys.contains("id") { ref(typeName(itemName)) } else { self.value(item, named: itemName) }
      return .object([("type", .string("array")), ("items", items)])
    }
  }
}

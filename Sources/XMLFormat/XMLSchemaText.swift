import ReviewCatalog

/// Writes the XSD of the `xml` format from the catalog's shape: what the
/// writer does, said as a schema. Keys that identify their object (`id`,
/// `formatVersion`) are attributes; every other key is an element, in the
/// canonical order; a list is an element holding one element per item,
/// named after the item (`<genres><genre>…`); objects with an id get a named
/// type (`c:Work`), other objects are declared where they appear.
enum XMLSchemaText {
  static func make() -> String {
    var lines = [
      #"<?xml version="1.0" encoding="UTF-8"?>"#,
      "<!-- The review catalog, version \(Catalog.currentFormatVersion), as XML: the schema of review-export's `xml` format. -->",
      #"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema""#,
      #"           xmlns:c="\#(XMLTreeWriter.namespace)""#,
      #"           targetNamespace="\#(XMLTreeWriter.namespace)""#,
      #"           elementFormDefault="qualified">"#,
      "",
      "  <!-- Scalars -->",
    ]
    for scalar in CatalogScalar.allCases {
      guard let definition = simpleType(scalar) else { continue }
      lines.append(#"  <xs:simpleType name="\#(name(scalar))">"#)
      lines.append("    " + definition)
      lines.append("  </xs:simpleType>")
    }
    lines += ["", "  <!-- The document -->", #"  <xs:element name="reviewCatalog">"#]
    lines += complexType(ObjectShape.document, indent: "    ")
    lines.append("  </xs:element>")
    for (name, shape) in namedTypes() {
      lines.append("")
      lines.append(#"  <xs:complexType name="\#(name)">"#)
      lines += members(shape, indent: "    ")
      lines.append("  </xs:complexType>")
    }
    lines.append("</xs:schema>")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The restriction of a scalar type that needs one of its own.
  private static func simpleType(_ scalar: CatalogScalar) -> String? {
    if let pattern = scalar.pattern {
      return #"<xs:restriction base="xs:string"><xs:pattern value="\#(escaped(pattern))"/></xs:restriction>"#
    }
    switch scalar {
    case .text: return #"<xs:restriction base="xs:string"/>"#
    case .nonEmptyText: return #"<xs:restriction base="xs:string"><xs:minLength value="1"/></xs:restriction>"#
    case .nonNegativeInteger, .positiveInteger:
      return #"<xs:restriction base="xs:long"><xs:minInclusive value="\#(scalar.minimum!)"/></xs:restriction>"#
    default: return nil
    }
  }

  /// The XSD type of a scalar's values.
  private static func typeName(_ scalar: CatalogScalar) -> String {
    switch scalar {
    case .integer, .formatVersion: "xs:long"
    case .number: "xs:double"
    default: "c:" + name(scalar)
    }
  }

  /// The name of a scalar's simple type: its own, but for the integers,
  /// which are XSD's `long`s (as v1 of the schema named them).
  private static func name(_ scalar: CatalogScalar) -> String {
    switch scalar {
    case .nonNegativeInteger: "NonNegativeLong"
    case .positiveInteger: "PositiveLong"
    default: scalar.rawValue
    }
  }

  /// Objects with an id, by their element's name: each gets a named type.
  private static func namedTypes() -> [(String, ObjectShape)] {
    var result: [(String, ObjectShape)] = []
    func visit(_ shape: ObjectShape) {
      for (index, value) in shape.values.enumerated() {
        switch value {
        case .object(let inner):
          if inner.keys.contains("id") { result.append((typeName(element: shape.keys[index]), inner)) }
          visit(inner)
        case .list(let list, .object(let inner)):
          if inner.keys.contains("id") { result.append((typeName(element: list.itemName), inner)) }
          visit(inner)
        default: break
        }
      }
    }
    visit(ObjectShape.document)
    return result
  }

  private static func typeName(element: String) -> String { element.prefix(1).uppercased() + element.dropFirst() }

  /// A complexType holding `shape`'s members.
  private static func complexType(_ shape: ObjectShape, indent: String) -> [String] {
    ["\(indent)<xs:complexType>"] + members(shape, indent: indent + "  ") + ["\(indent)</xs:complexType>"]
  }

  /// The sequence of `shape`'s elements, then its attributes.
  private static func members(_ shape: ObjectShape, indent: String) -> [String] {
    var lines = ["\(indent)<xs:sequence>"]
    for (index, key) in shape.keys.enumerated() where !shape.isIdentifying(index) {
      lines += element(key, shape.values[index], required: shape.isRequired(index), indent: indent + "  ")
    }
    lines.append("\(indent)</xs:sequence>")
    for (index, key) in shape.keys.enumerated() where shape.isIdentifying(index) {
      let value = shape.values[index]
      var attribute = #"<xs:attribute name="\#(key)" type="\#(typeName(value.scalarType!))""#
      if shape.isRequired(index) { attribute += #" use="required""# }
      if value == .scalar(.formatVersion) { attribute += #" fixed="\#(Catalog.currentFormatVersion)""# }
      lines.append(indent + attribute + "/>")
    }
    return lines
  }

  /// The element of one key (or one list item, with `occurs`).
  private static func element(
    _ name: String, _ value: CatalogValue, required: Bool, occurs: String? = nil, indent: String
  ) -> [String] {
    let occurrence = occurs ?? (required ? "" : #" minOccurs="0""#)
    switch value {
    case .scalar, .reference:
      return [#"\#(indent)<xs:element name="\#(name)" type="\#(typeName(value.scalarType!))"\#(occurrence)/>"#]
    case .object(let shape):
      if shape.keys.contains("id") {
        return [#"\#(indent)<xs:element name="\#(name)" type="c:\#(typeName(element: name))"\#(occurrence)/>"#]
      }
      return [#"\#(indent)<xs:element name="\#(name)"\#(occurrence)>"#] + complexType(shape, indent: indent + "  ")
        + ["\(indent)</xs:element>"]
    case .list(let list, let item):
      return [#"\#(indent)<xs:element name="\#(name)"\#(occurrence)>"#, "\(indent)  <xs:complexType><xs:sequence>"]
        + element(list.itemName, item, required: true, occurs: #" minOccurs="0" maxOccurs="unbounded""#, indent: indent + "    ")
        + ["\(indent)  </xs:sequence></xs:complexType>", "\(indent)</xs:element>"]
    }
  }

  private static func escaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: "\"", with: "&quot;")
  }
}

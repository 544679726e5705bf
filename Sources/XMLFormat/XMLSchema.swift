internal import CLibXML2

/// The XML Schema (XSD 1.0) of the `xml` format, and a validator for it.
public enum XMLSchema {
  /// The schema's text, as `review-export schema xml` prints it.
  public static let text = #"""
    <?xml version="1.0" encoding="UTF-8"?>
    <!-- The review catalog, version 1, as XML: the schema of review-export's `xml` format. -->
    <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
               xmlns:c="urn:review-export:catalog:1"
               targetNamespace="urn:review-export:catalog:1"
               elementFormDefault="qualified">

      <!-- Scalars -->
      <xs:simpleType name="Id">
        <xs:restriction base="xs:string"><xs:pattern value="[a-z0-9][a-z0-9._\-]{0,127}"/></xs:restriction>
      </xs:simpleType>
      <xs:simpleType name="Date">
        <xs:restriction base="xs:string"><xs:pattern value="[0-9]{4}-[0-9]{2}-[0-9]{2}"/></xs:restriction>
      </xs:simpleType>
      <xs:simpleType name="Timestamp">
        <xs:restriction base="xs:string">
          <xs:pattern value="[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+\-][0-9]{2}:[0-9]{2})"/>
        </xs:restriction>
      </xs:simpleType>
      <xs:simpleType name="Language">
        <xs:restriction base="xs:string"><xs:pattern value="[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*"/></xs:restriction>
      </xs:simpleType>
      <xs:simpleType name="Country">
        <xs:restriction base="xs:string"><xs:pattern value="[A-Z]{2}"/></xs:restriction>
      </xs:simpleType>
      <xs:simpleType name="Territory">
        <xs:restriction base="xs:string"><xs:pattern value="[A-Z]{2}|WORLD|INTL"/></xs:restriction>
      </xs:simpleType>
      <xs:simpleType name="Currency">
        <xs:restriction base="xs:string"><xs:pattern value="[A-Z]{3}"/></xs:restriction>
      </xs:simpleType>
      <xs:simpleType name="Text">
        <xs:restriction base="xs:string"/>
      </xs:simpleType>
      <xs:simpleType name="NonEmptyText">
        <xs:restriction base="xs:string"><xs:minLength value="1"/></xs:restriction>
      </xs:simpleType>
      <xs:simpleType name="URL">
        <xs:restriction base="xs:string"><xs:pattern value="[Hh][Tt][Tt][Pp][Ss]?://[^/?#\s]+\S*"/></xs:restriction>
      </xs:simpleType>
      <xs:simpleType name="NonNegativeLong">
        <xs:restriction base="xs:long"><xs:minInclusive value="0"/></xs:restriction>
      </xs:simpleType>
      <xs:simpleType name="PositiveLong">
        <xs:restriction base="xs:long"><xs:minInclusive value="1"/></xs:restriction>
      </xs:simpleType>

      <!-- The document -->
      <xs:element name="reviewCatalog">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="catalog" type="c:CatalogInfo"/>
            <xs:element name="people">
              <xs:complexType><xs:sequence>
                <xs:element name="person" type="c:Person" minOccurs="0" maxOccurs="unbounded"/>
              </xs:sequence></xs:complexType>
            </xs:element>
            <xs:element name="works">
              <xs:complexType><xs:sequence>
                <xs:element name="work" type="c:Work" minOccurs="0" maxOccurs="unbounded"/>
              </xs:sequence></xs:complexType>
            </xs:element>
            <xs:element name="reviews">
              <xs:complexType><xs:sequence>
                <xs:element name="review" type="c:Review" minOccurs="0" maxOccurs="unbounded"/>
              </xs:sequence></xs:complexType>
            </xs:element>
          </xs:sequence>
          <xs:attribute name="formatVersion" type="xs:long" use="required" fixed="1"/>
        </xs:complexType>
      </xs:element>

      <xs:complexType name="CatalogInfo">
        <xs:sequence>
          <xs:element name="title" type="c:NonEmptyText"/>
          <xs:element name="description" type="c:Text" minOccurs="0"/>
          <xs:element name="language" type="c:Language" minOccurs="0"/>
          <xs:element name="updated" type="c:Timestamp" minOccurs="0"/>
        </xs:sequence>
        <xs:attribute name="id" type="c:Id" use="required"/>
      </xs:complexType>

      <xs:complexType name="Person">
        <xs:sequence>
          <xs:element name="name" type="c:NonEmptyText"/>
          <xs:element name="nativeName" type="c:Text" minOccurs="0"/>
        </xs:sequence>
        <xs:attribute name="id" type="c:Id" use="required"/>
      </xs:complexType>

      <xs:complexType name="Work">
        <xs:sequence>
          <xs:element name="kind" type="c:Id"/>
          <xs:element name="title" type="c:NonEmptyText"/>
          <xs:element name="originalTitle" type="c:Text" minOccurs="0"/>
          <xs:element name="year" type="xs:long" minOccurs="0"/>
          <xs:element name="releaseDate" type="c:Date" minOccurs="0"/>
          <xs:element name="runtimeMinutes" type="c:PositiveLong" minOccurs="0"/>
          <xs:element name="languages">
            <xs:complexType><xs:sequence>
              <xs:element name="language" type="c:Language" minOccurs="0" maxOccurs="unbounded"/>
            </xs:sequence></xs:complexType>
          </xs:element>
          <xs:element name="countries">
            <xs:complexType><xs:sequence>
              <xs:element name="country" type="c:Country" minOccurs="0" maxOccurs="unbounded"/>
            </xs:sequence></xs:complexType>
          </xs:element>
          <xs:element name="genres">
            <xs:complexType><xs:sequence>
              <xs:element name="genre" type="c:NonEmptyText" minOccurs="0" maxOccurs="unbounded"/>
            </xs:sequence></xs:complexType>
          </xs:element>
          <xs:element name="credits">
            <xs:complexType><xs:sequence>
              <xs:element name="credit" minOccurs="0" maxOccurs="unbounded">
                <xs:complexType><xs:sequence>
                  <xs:element name="person" type="c:Id"/>
                  <xs:element name="role" type="c:Id"/>
                  <xs:element name="character" type="c:Text" minOccurs="0"/>
                </xs:sequence></xs:complexType>
              </xs:element>
            </xs:sequence></xs:complexType>
          </xs:element>
          <xs:element name="basedOn" type="c:Id" minOccurs="0"/>
          <xs:element name="boxOffice">
            <xs:complexType><xs:sequence>
              <xs:element name="entry" minOccurs="0" maxOccurs="unbounded">
                <xs:complexType><xs:sequence>
                  <xs:element name="territory" type="c:Territory"/>
                  <xs:element name="gross">
                    <xs:complexType><xs:sequence>
                      <xs:element name="amount" type="c:NonNegativeLong"/>
                      <xs:element name="currency" type="c:Currency"/>
                    </xs:sequence></xs:complexType>
                  </xs:element>
                  <xs:element name="asOf" type="c:Date" minOccurs="0"/>
                </xs:sequence></xs:complexType>
              </xs:element>
            </xs:sequence></xs:complexType>
          </xs:element>
          <xs:element name="rankings">
            <xs:complexType><xs:sequence>
              <xs:element name="ranking" minOccurs="0" maxOccurs="unbounded">
                <xs:complexType><xs:sequence>
                  <xs:element name="list" type="c:NonEmptyText"/>
                  <xs:element name="rank" type="c:PositiveLong"/>
                  <xs:element name="asOf" type="c:Date" minOccurs="0"/>
                </xs:sequence></xs:complexType>
              </xs:element>
            </xs:sequence></xs:complexType>
          </xs:element>
          <xs:element name="availability">
            <xs:complexType><xs:sequence>
              <xs:element name="offer" minOccurs="0" maxOccurs="unbounded">
                <xs:complexType><xs:sequence>
                  <xs:element name="platform" type="c:NonEmptyText"/>
                  <xs:element name="region" type="c:Country" minOccurs="0"/>
                  <xs:element name="from" type="c:Date" minOccurs="0"/>
                </xs:sequence></xs:complexType>
              </xs:element>
            </xs:sequence></xs:complexType>
          </xs:element>
        </xs:sequence>
        <xs:attribute name="id" type="c:Id" use="required"/>
      </xs:complexType>

      <xs:complexType name="Review">
        <xs:sequence>
          <xs:element name="work" type="c:Id"/>
          <xs:element name="critic" type="c:Id"/>
          <xs:element name="publication" type="c:Text" minOccurs="0"/>
          <xs:element name="published" type="c:Date"/>
          <xs:element name="headline" type="c:NonEmptyText"/>
          <xs:element name="summary" type="c:Text" minOccurs="0"/>
          <xs:element name="rating" minOccurs="0">
            <xs:complexType><xs:sequence>
              <xs:element name="value" type="xs:double"/>
              <xs:element name="scale" type="c:PositiveLong"/>
            </xs:sequence></xs:complexType>
          </xs:element>
          <xs:element name="body" type="c:NonEmptyText"/>
          <xs:element name="tags">
            <xs:complexType><xs:sequence>
              <xs:element name="tag" type="c:NonEmptyText" minOccurs="0" maxOccurs="unbounded"/>
            </xs:sequence></xs:complexType>
          </xs:element>
          <xs:element name="mentions">
            <xs:complexType><xs:sequence>
              <xs:element name="mention" type="c:Id" minOccurs="0" maxOccurs="unbounded"/>
            </xs:sequence></xs:complexType>
          </xs:element>
          <xs:element name="quotes">
            <xs:complexType><xs:sequence>
              <xs:element name="quote" minOccurs="0" maxOccurs="unbounded">
                <xs:complexType><xs:sequence>
                  <xs:element name="text" type="c:NonEmptyText"/>
                  <xs:element name="speaker" type="c:Id"/>
                  <xs:element name="context" type="c:Text" minOccurs="0"/>
                </xs:sequence></xs:complexType>
              </xs:element>
            </xs:sequence></xs:complexType>
          </xs:element>
          <xs:element name="sources">
            <xs:complexType><xs:sequence>
              <xs:element name="source" minOccurs="0" maxOccurs="unbounded">
                <xs:complexType><xs:sequence>
                  <xs:element name="name" type="c:NonEmptyText"/>
                  <xs:element name="url" type="c:URL" minOccurs="0"/>
                </xs:sequence></xs:complexType>
              </xs:element>
            </xs:sequence></xs:complexType>
          </xs:element>
        </xs:sequence>
        <xs:attribute name="id" type="c:Id" use="required"/>
      </xs:complexType>
    </xs:schema>

    """#

  /// Checks an XML document against the schema with libxml2's validator.
  ///
  /// - Returns: libxml2's messages, `line N: message` each; empty when valid.
  public static func validate(_ document: [UInt8]) -> [String] {
    let collector = MessageCollector()
    return withExtendedLifetime(collector) {
      let context = Unmanaged.passUnretained(collector).toOpaque()
      let schemaBytes = Array(text.utf8)
      guard
        let parserContext = schemaBytes.withUnsafeBufferPointer({ buffer in
          buffer.withMemoryRebound(to: CChar.self) { xmlSchemaNewMemParserCtxt($0.baseAddress, Int32($0.count)) }
        })
      else { return ["cannot read the schema"] }
      defer { xmlSchemaFreeParserCtxt(parserContext) }
      xmlSchemaSetParserStructuredErrors(parserContext, collectMessage, context)
      guard let schema = xmlSchemaParse(parserContext) else { return ["the schema is invalid"] + collector.messages }
      defer { xmlSchemaFree(schema) }
      let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
      guard
        let doc = document.withUnsafeBufferPointer({ buffer in
          buffer.withMemoryRebound(to: CChar.self) { xmlReadMemory($0.baseAddress, Int32($0.count), "output.xml", nil, options) }
        })
      else { return ["the document is not well-formed XML"] }
      defer { xmlFreeDoc(doc) }
      guard let validator = xmlSchemaNewValidCtxt(schema) else { return ["cannot create a validator"] }
      defer { xmlSchemaFreeValidCtxt(validator) }
      xmlSchemaSetValidStructuredErrors(validator, collectMessage, context)
      let status = xmlSchemaValidateDoc(validator, doc)
      if status != 0 && collector.messages.isEmpty { return ["validation failed (status \(status))"] }
      return collector.messages
    }
  }
}

private final class MessageCollector {
  var messages: [String] = []
}

private let collectMessage: xmlStructuredErrorFunc = { context, error in
  guard let context, let error else { return }
  let collector = Unmanaged<MessageCollector>.fromOpaque(context).takeUnretainedValue()
  var message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
  while message.last == "\n" { message.removeLast() }
  collector.messages.append("line \(error.pointee.line): \(message)")
}

import Foundation
import JSONFormat
import ReviewCatalog
import ReviewExporting
import TestSupport
import Testing
import XMLFormat

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite struct XMLExportTests {
  static func load(_ path: String) throws -> Catalog {
    let source = CatalogSource(name: path, bytes: try Fixtures.bytes(path))
    return try CatalogLoader(registry: try FormatRegistry(readers: [JSONReader()])).load(source, with: JSONReader())
  }

  /// Every text with the characters XML 1.0 cannot carry replaced by U+FFFD, written independently of the exporter.
  static func xmlSafe(_ text: String) -> String {
    var scalars = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      let v = scalar.value
      let allowed = v == 9 || v == 10 || v == 13 || (v >= 0x20 && v != 0xFFFE && v != 0xFFFF)
      scalars.append(allowed ? scalar : "\u{FFFD}")
    }
    return String(scalars)
  }

  @Test func fixtureMatchesGoldenOutput() throws {
    let bytes = try Render.bytes(XMLExporter(), try Self.load("catalogs/world-cinema.json"))
    #expect(try Fixtures.goldenDifference(bytes, "golden/world-cinema.xml") == nil)
  }

  @Test(arguments: [
    ("catalogs/world-cinema.json", [String: String]()),
    ("catalogs/world-cinema.json", ["compact": "true"]),
    ("catalogs/world-cinema.json", ["indent": "4"]),
    ("catalogs/hostile-strings.json", ["invalid-characters": "replace"]),
  ])
  func everyOutputValidatesAgainstTheSchema(_ path: String, _ options: [String: String]) throws {
    let bytes = try Render.bytes(XMLExporter(), try Self.load(path), options: options)
    #expect(XMLSchema.validate(bytes) == [])
  }

  @Test func theSchemaRejectsWhatTheFormatForbids() throws {
    let bytes = try Render.bytes(XMLExporter(), try Self.load("catalogs/world-cinema.json"))
    let text = String(decoding: bytes, as: UTF8.self)
    let broken = text.replacingOccurrences(of: "<scale>5</scale>", with: "<scale>0</scale>")
      .replacingOccurrences(of: "<title>World Cinema Reviews</title>", with: "")
    let messages = XMLSchema.validate(Array(broken.utf8))
    #expect(messages.count == 2)
    #expect(messages.contains { $0.contains("scale") })
  }

  #if canImport(FoundationXML)
    @Test func foundationsXMLDocumentReadsTheSameTexts() throws {
      let catalog = try Self.load("catalogs/hostile-strings.json")
      let bytes = try Render.bytes(XMLExporter(), catalog, options: ["invalid-characters": "replace"])
      let document = try XMLDocument(data: Data(bytes), options: [])
      let root = try #require(document.rootElement())
      #expect(root.name == "reviewCatalog")
      #expect(root.uri == "urn:review-export:catalog:1")
      #expect(root.attributes?.first { $0.name == "formatVersion" }?.stringValue == "1")
      func texts(_ xpath: String) throws -> [String] {
        try root.nodes(forXPath: xpath).map { $0.stringValue ?? "" }
      }
      let ns = "*[local-name()='%@']"
      func path(_ names: String...) -> String { "/" + names.map { String(format: ns, $0) }.joined(separator: "/") }
      #expect(try texts(path("reviewCatalog", "catalog", "title")) == [catalog.info.title])
      #expect(
        try texts(path("reviewCatalog", "people", "person", "name")).map { Array($0.unicodeScalars) }
          == catalog.people.map { Array(Self.xmlSafe($0.name).unicodeScalars) })
      #expect(
        try texts(path("reviewCatalog", "reviews", "review", "body")).map { Array($0.unicodeScalars) }
          == catalog.reviews.map { Array(Self.xmlSafe($0.body).unicodeScalars) })
      let tags = try texts(path("reviewCatalog", "reviews", "review", "tags", "tag"))
      #expect(tags.count == catalog.reviews.flatMap(\.tags).count)
      for (read, source) in zip(tags, catalog.reviews.flatMap(\.tags)) {
        // Foundation drops a leading U+FEFF when it turns a text node into a
        // String (libxml2 and Python keep it); the bytes are checked below.
        let expected = Self.xmlSafe(source).unicodeScalars.drop { $0 == "\u{FEFF}" }
        #expect(Array(read.unicodeScalars.drop { $0 == "\u{FEFF}" }) == Array(expected))
      }
      #expect(String(decoding: bytes, as: UTF8.self).contains("<tag>\u{FEFF}bom</tag>"))
      #expect(try texts(path("reviewCatalog", "works", "work", "genres", "genre")) == catalog.works.flatMap(\.genres))
      #expect(try texts(path("reviewCatalog", "works", "work", "year")) == ["9223372036854775807", "-9223372036854775808"])
      // Present but empty stays present; absent stays absent.
      #expect(try texts(path("reviewCatalog", "reviews", "review", "summary")) == ["", "\u{FFFD}", "> not a quote\n\n<div>not an HTML block</div>"])
      #expect(try texts(path("reviewCatalog", "reviews", "review", "publication")) == [""])
    }
  #endif

  @Test func forbiddenCharactersFailTheExportNamingTheField() throws {
    for character in ["\u{0}", "\u{1}", "\u{8}", "\u{B}", "\u{C}", "\u{E}", "\u{1F}", "\u{FFFE}", "\u{FFFF}"] {
      var catalog = Catalog(
        info: CatalogInfo(id: "c", title: "t"), people: [Person(id: "p", name: "n")],
        works: [Work(id: "w", kind: "film", title: "w")],
        reviews: [Review(id: "r", work: "w", critic: "p", published: "2020-01-01", headline: "h", body: "b", tags: ["ok", "x\(character)y"])])
      let hex = String(character.unicodeScalars.first!.value, radix: 16, uppercase: true)
      let code = "U+" + String(repeating: "0", count: 4 - hex.count) + hex
      #expect(
        throws: ExportError(
          "reviews[0].tags[1]: \(code) cannot be written in XML 1.0, which has no way to carry it; fix the text, or use --option xml.invalid-characters=replace to write U+FFFD instead"
        )
      ) {
        try Render.bytes(XMLExporter(), catalog)
      }
      let output = ExportDestination(sink: .memory(), options: try XMLExporter().format.resolveOptions(["invalid-characters": "replace"]))
      try XMLExporter().export(catalog, to: output)
      #expect(String(decoding: output.sink.bytes, as: UTF8.self).contains("<tag>x\u{FFFD}y</tag>"))
      #expect(output.warnings == ["replaced 1 character that XML 1.0 cannot carry with U+FFFD"])
      catalog.reviews[0].tags = []
    }
  }

  @Test func allowedAwkwardCharactersPassThrough() throws {
    let catalog = Catalog(info: CatalogInfo(id: "c", title: "a\tb\nc\rd ]]> <&> \"' \u{85}\u{2028}\u{7F}😀"))
    let text = String(decoding: try Render.bytes(XMLExporter(), catalog), as: UTF8.self)
    #expect(text.contains("<title>a\tb\nc&#13;d ]]&gt; &lt;&amp;&gt; &quot;' \u{85}\u{2028}\u{7F}😀</title>"))
  }
}

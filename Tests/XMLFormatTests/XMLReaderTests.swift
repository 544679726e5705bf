import Foundation
import JSONFormat
import ReviewCatalog
import ReviewExporting
import TestSupport
import Testing
import XMLFormat

@Suite struct XMLReaderTests {
  static let loader = CatalogLoader(registry: try! FormatRegistry(readers: [JSONReader(), XMLReader()]))

  static func readJSON(_ bytes: [UInt8]) throws -> Catalog {
    try loader.load(CatalogSource(name: "in.json", bytes: bytes), with: JSONReader())
  }

  static func problems(_ xml: String) -> [String] {
    do {
      _ = try loader.load(CatalogSource(name: "t.xml", bytes: Array(xml.utf8)), with: XMLReader())
      return []
    } catch {
      return error.diagnostics.map(\.description)
    }
  }

  /// The hostile catalog with every character XML 1.0 cannot carry turned
  /// into U+FFFD, made by editing the canonical JSON's escapes (independently
  /// of the XML exporter).
  static func xmlSafeHostileCatalog() throws -> Catalog {
    let json = String(decoding: try Render.bytes(JSONExporter(), try readJSON(try Fixtures.bytes("catalogs/hostile-strings.json"))), as: UTF8.self)
    var out = ""
    var scalars = json.unicodeScalars.makeIterator()
    while let scalar = scalars.next() {
      if scalar == "\u{FFFE}" || scalar == "\u{FFFF}" {
        out += "\u{FFFD}"
      } else if scalar == "\\" {
        let next = scalars.next()!
        switch next {
        case "b", "f": out += "\u{FFFD}"
        case "u":
          let hex = String(String.UnicodeScalarView((0..<4).map { _ in scalars.next()! }))
          out += "\\u" + hex
        default: out += "\\" + String(next)
        }
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    // \u00XX escapes are only ever C0 controls other than \t \n \r, and DEL is written raw.
    let safe = out.replacingOccurrences(of: #"\\u00[01][0-9a-f]"#, with: "\u{FFFD}", options: .regularExpression)
    return try readJSON(Array(safe.utf8))
  }

  @Test func theFixtureRoundTripsExactly() throws {
    let catalog = try Self.readJSON(try Fixtures.bytes("catalogs/world-cinema.json"))
    let xml = try Render.bytes(XMLExporter(), catalog)
    let reread = try Self.loader.load(CatalogSource(name: "out.xml", bytes: xml), with: XMLReader())
    #expect(try Render.bytes(JSONExporter(), reread) == Fixtures.bytes("golden/world-cinema.json"))
  }

  @Test(arguments: [[String: String](), ["compact": "true"], ["indent": "0"]])
  func theHostileCatalogRoundTripsExactly(_ options: [String: String]) throws {
    let catalog = try Self.xmlSafeHostileCatalog()
    let xml = try Render.bytes(XMLExporter(), catalog, options: options)
    #expect(XMLSchema.validate(xml) == [])
    let reread = try Self.loader.load(CatalogSource(name: "out.xml", bytes: xml), with: XMLReader())
    // Byte-exact comparison through the canonical JSON: scalars, not Swift's canonical equivalence.
    #expect(try Render.bytes(JSONExporter(), reread) == Render.bytes(JSONExporter(), catalog))
  }

  @Test func replacedCharactersReadBackAsReplacementCharacters() throws {
    let source = try Self.readJSON(try Fixtures.bytes("catalogs/hostile-strings.json"))
    let xml = try Render.bytes(XMLExporter(), source, options: ["invalid-characters": "replace"])
    let reread = try Self.loader.load(CatalogSource(name: "out.xml", bytes: xml), with: XMLReader())
    #expect(try Render.bytes(JSONExporter(), reread) == Render.bytes(JSONExporter(), try Self.xmlSafeHostileCatalog()))
  }

  @Test func structuralProblemsAreLocatedByLine() throws {
    let text = String(decoding: try Fixtures.bytes("golden/world-cinema.xml"), as: UTF8.self)
    let broken =
      text
      .replacingOccurrences(of: "<nativeName>郭帆</nativeName>", with: "<nativeName>郭帆</nativeName><nickname>x</nickname>")
      .replacingOccurrences(of: "<scale>5</scale>", with: "<scale>five</scale>")
      .replacingOccurrences(of: "<published>2018-03-01</published>", with: "<published>2018-02-30</published>")
      .replacingOccurrences(of: "<person id=\"liu-cixin\">", with: "<person id=\"liu-cixin\" born=\"1963\">")
      .replacingOccurrences(of: "      <headline>An action hit with a flag in every frame</headline>\n", with: "")
    #expect(
      Self.problems(broken) == [
        "t.xml:12: error: people[0]: unknown element 'nickname' in a person; allowed elements: name, nativeName",
        "t.xml:14: error: people[1]: unknown attribute 'born' in a person; allowed attributes: id",
        "t.xml:232: error: reviews[0].rating.scale: expected an integer, found 'five'",
        "t.xml:289: error: reviews[2].headline: missing required element <headline> in a review",
        "t.xml:292: error: reviews[2].published: '2018-02-30' is not a real calendar date",
      ])
  }

  /// XSD numbers may have XML whitespace (space, tab, CR, LF) around them;
  /// other spaces, and a space that a combining mark makes part of a
  /// character, are not whitespace there.
  @Test func numbersMayHaveXMLWhitespaceAroundThem() throws {
    let text = String(decoding: try Fixtures.bytes("golden/world-cinema.xml"), as: UTF8.self)
    func read(value: String, scale: String) throws -> (problems: [String], rating: Rating?) {
      let edited = text.replacingOccurrences(
        of: "<value>3.5</value>\n        <scale>5</scale>", with: "<value>\(value)</value>\n        <scale>\(scale)</scale>")
      #expect(edited != text)
      do {
        let catalog = try Self.loader.load(CatalogSource(name: "t.xml", bytes: Array(edited.utf8)), with: XMLReader())
        return ([], catalog.reviews[0].rating)
      } catch {
        return (error.diagnostics.map(\.description), nil)
      }
    }
    for (value, scale) in [(" 3.5", "5\t"), ("\r\n3.5\r\n", "\n 5 \n"), ("3.5", "\t\t5"), ("3.5 ", "5")] {
      let read = try read(value: value, scale: scale)
      #expect(read.problems == [])
      #expect(read.rating?.value == 3.5)
      #expect(read.rating?.scale == 5)
    }
    #expect(
      try read(value: "3.5", scale: "\u{A0}5").problems == [
        "t.xml:232: error: reviews[0].rating.scale: expected an integer, found '\u{A0}5'"
      ])
    #expect(
      try read(value: " \u{301}3.5", scale: "5").problems == [
        "t.xml:231: error: reviews[0].rating.value: expected a number, found ' \u{301}3.5'"
      ])
    #expect(
      try read(value: "3.5", scale: " 99999999999999999999 ").problems == [
        "t.xml:232: error: reviews[0].rating.scale: '99999999999999999999' does not fit in a 64-bit integer"
      ])
  }

  @Test func malformedXMLStopsWithItsPosition() {
    #expect(
      Self.problems("<reviewCatalog xmlns=\"urn:review-export:catalog:1\" formatVersion=\"1\">\n  <catalog id=\"c\">\n    <title>t</titel>") == [
        "t.xml:3:21: error: malformed XML: Opening and ending tag mismatch: title line 3 and titel"
      ])
    #expect(
      Self.problems("<catalog/>") == [
        "t.xml:1: error: the root element is <catalog>; a catalog is <reviewCatalog xmlns=\"urn:review-export:catalog:1\">"
      ])
    #expect(Self.problems("").count == 1)
  }

  @Test func entityExpansionIsRefused() {
    let laughs = """
      <?xml version="1.0"?>
      <!DOCTYPE lolz [
        <!ENTITY lol "lol">
        <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
        <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
        <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
      ]>
      <reviewCatalog xmlns="urn:review-export:catalog:1" formatVersion="1"><catalog id="c"><title>&lol9;</title></catalog></reviewCatalog>
      """
    // Refused before libxml2 reads it, at the declaration's own line.
    #expect(
      Self.problems(laughs) == [
        "t.xml:2:1: error: a document type declaration (<!DOCTYPE …>) is not accepted: its entities could expand without bound or read other files"
      ])
    let external = """
      <?xml version="1.0"?>
      <!DOCTYPE r [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
      <reviewCatalog xmlns="urn:review-export:catalog:1" formatVersion="1"><catalog id="c"><title>&xxe;</title></catalog></reviewCatalog>
      """
    let problems = Self.problems(external)
    #expect(problems.count == 1)
    #expect(problems.first?.contains("is not accepted") == true)
    #expect(problems.first?.contains("root:") == false)
  }

  @Test func deepNestingIsRefusedEarly() {
    let deep =
      "<reviewCatalog xmlns=\"urn:review-export:catalog:1\" formatVersion=\"1\">"
      + String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000) + "</reviewCatalog>"
    let problems = Self.problems(deep)
    #expect(problems.last?.contains("elements are nested more than 32 deep") == true)
  }

  @Test func aTextOfElevenMegabytesReadsBack() throws {
    var catalog = try Self.readJSON(try Fixtures.bytes("catalogs/world-cinema.json"))
    catalog.reviews[0].body = String(repeating: "Eleven megabytes of review. ", count: 400_000)
    let xml = try Render.bytes(XMLExporter(), catalog)
    let back = try Self.loader.load(CatalogSource(name: "big.xml", bytes: xml), with: XMLReader())
    #expect(back.reviews[0].body == catalog.reviews[0].body)
  }

  /// The reader drops whitespace between elements; a text that is only
  /// whitespace, and whitespace around a text, must read back as written,
  /// also where the document is read on a thread (over 1 MiB).
  @Test(arguments: [1, 3_000])
  func whitespaceThatIsATextReadsBack(copies: Int) throws {
    var catalog = try Self.readJSON(try Fixtures.bytes("catalogs/world-cinema.json"))
    let texts = [" ", "\t", "\n", "\r\n", " \n\t \r ", "  padded  ", "\nline\n"]
    let template = catalog.reviews[0]
    catalog.reviews = (0..<copies * texts.count).map { index in
      var review = template
      review.id = "review-\(index)"
      review.headline = texts[index % texts.count]
      review.summary = texts[(index + 1) % texts.count]
      return review
    }
    let xml = try Render.bytes(XMLExporter(), catalog)
    #expect((xml.count >= 1 << 20) == (copies > 1))
    let back = try Self.loader.load(CatalogSource(name: "spaces.xml", bytes: xml), with: XMLReader())
    #expect(back.reviews.map(\.headline) == catalog.reviews.map(\.headline))
    #expect(back.reviews.map(\.summary) == catalog.reviews.map(\.summary))
  }

  @Test func anElementBesideWhitespaceInATextIsRefused() {
    let xml = String(decoding: try! Render.bytes(XMLExporter(), try! Self.readJSON(try! Fixtures.bytes("catalogs/world-cinema.json"))), as: UTF8.self)
    let headline = xml.range(of: "<headline>")!
    let edited = xml.replacingCharacters(in: headline, with: "<headline>\n  <b/>\n")
    let problems = Self.problems(edited)
    #expect(problems.count == 1, "\(problems)")
    #expect(problems.first?.contains("unexpected element <b> in <headline>, which holds text") == true, "\(problems)")
  }

  /// Hundreds of problems, each at the line of its element.
  @Test func problemsOfManyReviewsAreEachAtTheirLine() throws {
    let catalog = Fixtures.copies(of: try Self.readJSON(try Fixtures.bytes("catalogs/world-cinema.json")), reviews: 600, headline: "h")
    var lines = String(decoding: try Render.bytes(XMLExporter(), catalog), as: UTF8.self)
      .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var expected: [String] = []
    var review = 0
    for index in lines.indices where lines[index].contains("<headline>h</headline>") {
      if review % 3 == 1 {
        lines[index] = lines[index].replacingOccurrences(of: "<headline>h</headline>", with: "<headline></headline>")
        expected.append("t.xml:\(index + 1): error: reviews[\(review)].headline: must not be empty")
      }
      review += 1
    }
    #expect(expected.count == 200)
    #expect(Self.problems(lines.joined(separator: "\n")) == expected)
  }

  @Test func attributesInOtherNamespacesAreNeverTakenForOurs() throws {
    let xml = String(decoding: try Render.bytes(XMLExporter(), try Self.readJSON(try Fixtures.bytes("catalogs/world-cinema.json"))), as: UTF8.self)
      .replacingOccurrences(of: "<catalog id=\"world-cinema\">", with: "<catalog xmlns:e=\"urn:evil\" id=\"world-cinema\" e:id=\"other\">")
    let problems = Self.problems(xml)
    #expect(problems.count == 1)
    #expect(problems.first?.contains("catalog: unknown attribute 'e:id' in the catalog object") == true, "\(problems)")
    let repeated = Self.problems(xml.replacingOccurrences(of: " e:id=\"other\"", with: " id=\"other\""))
    #expect(repeated.count == 1)
    #expect(repeated.first?.contains("malformed XML: Attribute id redefined") == true, "\(repeated)")
  }

  /// The pre-scan runs a chunk ahead of libxml2: a tag with thousands of
  /// attributes far into a document (here past 64 KiB, libxml2's first
  /// chunks parsed) is refused before libxml2 sees it, at its line and
  /// column, after what came before it was read.
  @Test func anElementWithThousandsOfAttributesFarIntoADocumentIsRefusedBeforeLibXML2SeesIt() throws {
    let catalog = Fixtures.copies(of: try Self.readJSON(try Fixtures.bytes("catalogs/world-cinema.json")), reviews: 600, headline: "h")
    var lines = String(decoding: try Render.bytes(XMLExporter(), catalog), as: UTF8.self)
      .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let headlines = lines.indices.filter { lines[$0].contains("<headline>h</headline>") }
    let index = headlines[500]
    let column = lines[index].distance(from: lines[index].startIndex, to: lines[index].range(of: "<headline>")!.lowerBound) + 1
    let attributes = (0..<50_000).map { " a\($0)=\"x\"" }.joined()
    lines[index] = lines[index].replacingOccurrences(of: "<headline>", with: "<headline\(attributes)>")
    let xml = lines.joined(separator: "\n")
    #expect(xml.utf8.count > 4 << 16)
    #expect(
      Self.problems(xml) == [
        "t.xml:\(index + 1):\(column): error: an element with more than 32 attributes; no element of a catalog has more than a few"
      ])
  }

  @Test func anElementWithThousandsOfAttributesIsRefusedAtOnce() {
    let attributes = (0..<50_000).map { " a\($0)=\"x\"" }.joined()
    let xml =
      "<?xml version=\"1.0\"?>\n<reviewCatalog xmlns=\"urn:review-export:catalog:1\" formatVersion=\"1\">\n  <catalog id=\"c\"\(attributes)/>\n</reviewCatalog>\n"
    #expect(
      Self.problems(xml) == [
        "t.xml:3:3: error: an element with more than 32 attributes; no element of a catalog has more than a few"
      ])
  }
}

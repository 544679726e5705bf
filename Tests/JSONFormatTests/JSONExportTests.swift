import Foundation
import JSONFormat
import ReviewCatalog
import ReviewExporting
import TestSupport
import Testing

@Suite struct JSONExportTests {
  static func load(_ path: String) throws -> Catalog {
    let source = CatalogSource(name: path, bytes: try Fixtures.bytes(path))
    return try CatalogLoader(registry: try FormatRegistry(readers: [JSONReader()])).load(source, with: JSONReader())
  }

  /// Parses JSON with Foundation, an independent parser.
  static func foundationValue(_ bytes: [UInt8]) throws -> NSObject {
    try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) as! NSObject
  }

  @Test func fixtureMatchesGoldenOutput() throws {
    let bytes = try Render.bytes(JSONExporter(), try Self.load("catalogs/world-cinema.json"))
    #expect(try Fixtures.goldenDifference(bytes, "golden/world-cinema.json") == nil)
  }

  @Test(arguments: ["catalogs/world-cinema.json", "catalogs/hostile-strings.json"])
  func roundTripThroughFoundation(_ path: String) throws {
    let bytes = try Render.bytes(JSONExporter(), try Self.load(path))
    #expect(try Self.foundationValue(bytes) == Self.foundationValue(try Fixtures.bytes(path)))
  }

  @Test(arguments: ["catalogs/world-cinema.json", "catalogs/hostile-strings.json"])
  func roundTripThroughOurReaderIsByteExact(_ path: String) throws {
    let catalog = try Self.load(path)
    let first = try Render.bytes(JSONExporter(), catalog)
    let reread = try JSONReader().read(CatalogSource(name: "out.json", bytes: first))
    #expect(reread.problems.isEmpty)
    // Compare scalars, not Swift's canonically-equivalent String equality.
    #expect(try Render.bytes(JSONExporter(), reread.catalog) == first)
    #expect(reread.catalog.people.map { Array($0.name.unicodeScalars) } == catalog.people.map { Array($0.name.unicodeScalars) })
  }

  @Test func keysComeInTheFormatsOrderWhateverTheInputOrder() throws {
    // Foundation writes keys sorted alphabetically: far from the format's order.
    let value = try Self.foundationValue(try Fixtures.bytes("catalogs/world-cinema.json"))
    let shuffled = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
    let catalog = try JSONReader().read(CatalogSource(name: "sorted.json", bytes: [UInt8](shuffled))).catalog
    #expect(try Fixtures.goldenDifference(Render.bytes(JSONExporter(), catalog), "golden/world-cinema.json") == nil)
  }

  @Test func integersAreExactTo64Bits() throws {
    let text = String(decoding: try Render.bytes(JSONExporter(), try Self.load("catalogs/hostile-strings.json")), as: UTF8.self)
    #expect(text.contains("\"year\": 9223372036854775807,"))
    #expect(text.contains("\"year\": -9223372036854775808,"))
    #expect(text.contains("\"amount\": 9223372036854775807,"))
    #expect(text.contains("\"value\": 1e-07,"))
  }

  @Test func escapingFollowsRFC8259() throws {
    var catalog = CatalogValidatorFixture.minimal
    catalog.info.title = "\"\\/\u{0}\u{1}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1F}\u{7F}\u{2028}é😀"
    let compact = String(decoding: try Render.bytes(JSONExporter(), catalog, options: ["compact": "true"]), as: UTF8.self)
    #expect(compact.contains(#""title":"\"\\/\u0000\u0001\b\t\n\f\r\u001f"# + "\u{7F}\u{2028}é😀\""))
    let ascii = try Render.bytes(JSONExporter(), catalog, options: ["escape-non-ascii": "true"])
    #expect(ascii.allSatisfy { $0 < 0x80 })
    #expect(String(decoding: ascii, as: UTF8.self).contains("\u{7F}" + #"\u2028\u00e9\ud83d\ude00""#))
    #expect(try Self.foundationValue(ascii) == Self.foundationValue(Render.bytes(JSONExporter(), catalog)))
  }

  @Test func compactAndIndentOptions() throws {
    let catalog = try Self.load("catalogs/world-cinema.json")
    let compact = try Render.bytes(JSONExporter(), catalog, options: ["compact": "yes"])
    #expect(compact.filter { $0 == UInt8(ascii: "\n") }.count == 1)
    #expect(compact.starts(with: Array(#"{"formatVersion":1,"catalog":{"id":"world-cinema","#.utf8)))
    let four = String(decoding: try Render.bytes(JSONExporter(), catalog, options: ["indent": "4"]), as: UTF8.self)
    #expect(four.hasPrefix("{\n    \"formatVersion\": 1,\n    \"catalog\": {\n        \"id\""))
    #expect(try Self.foundationValue(compact) == Self.foundationValue(Array(four.utf8)))
  }

  @Test func optionsAreChecked() throws {
    #expect(throws: ExportError("option 'json.indent' takes integer 0...16, not 'wide'")) {
      try JSONExporter().format.resolveOptions(["indent": "wide"])
    }
    #expect(throws: ExportError("unknown option 'pretty' for format 'json': it accepts indent, compact, escape-non-ascii")) {
      try JSONExporter().format.resolveOptions(["pretty": "true"])
    }
  }
}

/// A small valid catalog to vary in tests.
enum CatalogValidatorFixture {
  static let minimal = Catalog(
    info: CatalogInfo(id: "c", title: "C"),
    people: [Person(id: "critic", name: "Critic")],
    works: [Work(id: "film", kind: "film", title: "Film")],
    reviews: [Review(id: "r", work: "film", critic: "critic", published: "2020-01-01", headline: "H", body: "B")])
}

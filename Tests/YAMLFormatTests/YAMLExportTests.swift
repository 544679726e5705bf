import Foundation
import JSONFormat
import ReviewCatalog
import ReviewExporting
import TestSupport
import Testing
import YAMLFormat

@Suite struct YAMLExportTests {
  static let loader = CatalogLoader(registry: try! FormatRegistry(readers: [JSONReader(), YAMLReader()]))

  static func load(_ path: String) throws -> Catalog {
    let reader: any CatalogReader = path.hasSuffix(".json") ? JSONReader() : YAMLReader()
    return try loader.load(CatalogSource(name: path, bytes: try Fixtures.bytes(path)), with: reader)
  }

  static func text(_ catalog: Catalog, _ options: [String: String] = [:]) throws -> String {
    String(decoding: try Render.bytes(YAMLExporter(), catalog, options: options), as: UTF8.self)
  }

  @Test func fixtureMatchesGoldenOutput() throws {
    let bytes = try Render.bytes(YAMLExporter(), try Self.load("catalogs/world-cinema.json"))
    #expect(try Fixtures.goldenDifference(bytes, "golden/world-cinema.yaml") == nil)
  }

  @Test(arguments: ["catalogs/world-cinema.json", "catalogs/hostile-strings.json"])
  func roundTripThroughOurReaderIsExact(_ path: String) throws {
    let catalog = try Self.load(path)
    let yaml = try Render.bytes(YAMLExporter(), catalog)
    let reread = try Self.loader.load(CatalogSource(name: "out.yaml", bytes: yaml), with: YAMLReader())
    #expect(try Render.bytes(JSONExporter(), reread) == Render.bytes(JSONExporter(), catalog))
  }

  @Test(
    .enabled(if: Python.canImport("yaml"), "PyYAML is not installed: the YAML 1.1 cross-check did not run"),
    arguments: ["catalogs/world-cinema.json", "catalogs/hostile-strings.json"])
  func pyYAMLReadsTheSameStringsAndNumbers(_ path: String) throws {
    let folder = try Fixtures.temporaryFolder()
    let output = folder.appendingPathComponent("out.yaml")
    try Data(try Render.bytes(YAMLExporter(), try Self.load(path))).write(to: output)
    // YAML 1.1's safe_load: strings must stay strings (not booleans, nulls, numbers or dates), numbers numbers.
    let script = """
      import json, sys, yaml
      source = json.load(open(sys.argv[1], encoding="utf-8"))
      loaded = yaml.safe_load(open(sys.argv[2], encoding="utf-8"))
      def same(a, b, path):
          if isinstance(a, bool) or isinstance(b, bool) or type(a) != type(b):
              if not (isinstance(a, (int, float)) and isinstance(b, float) and a == b):
                  print(path, repr(a), repr(b)); return False
          if isinstance(a, dict):
              return a.keys() == b.keys() and all(same(a[k], b[k], path + "." + k) for k in a)
          if isinstance(a, list):
              return len(a) == len(b) and all(same(x, y, "%s[%d]" % (path, i)) for i, (x, y) in enumerate(zip(a, b)))
          if a != b:
              print(path, repr(a), repr(b)); return False
          return True
      print("equal" if same(source, loaded, "") else "different")
      """
    let result = try Python.run(script, arguments: [Fixtures.url(path).path, output.path])
    #expect(result.output == "equal\n")
  }

  @Test func stringsThatLookLikeOtherTypesAreQuoted() throws {
    let ambiguous = [
      "y", "n", "yes", "No", "ON", "off", "True", "FALSE", "~", "null", "NULL", "012", "0x1F", "0o17", "1_000", "1e3",
      ".inf", "-.Inf", ".NaN", "2019-02-05", "2019-02-05 10:00:00", "12:30:00", "1:20", "+1", "-5", "3.0", "<<", "=",
      "- x", "? x", "&a", "*a", "!t", "|", ">", "%", "@", "`", "'", "\"", "#", "a #b", "a: b", "x:", " x", "x ", "",
    ]
    var catalog = Catalog(info: CatalogInfo(id: "c", title: "t"), works: [Work(id: "w", kind: "film", title: "w", genres: ambiguous)])
    let text = try Self.text(catalog)
    for value in ambiguous {
      #expect(!text.contains("\n  - \(value)\n") || value.isEmpty, "\(value) was written plain")
    }
    // Ordinary words and sentences stay plain.
    catalog.works[0].genres = ["science fiction", "2001 a space odyssey", "café", "郭帆", "R&B", "a-b"]
    #expect(try Self.text(catalog).contains("  genres:\n  - science fiction\n  - 2001 a space odyssey\n  - café\n  - 郭帆\n  - R&B\n  - a-b\n"))
  }

  @Test func numbersReadBackAsNumbersInBothVersions() throws {
    let review = Review(id: "r", work: "w", critic: "p", published: "2020-01-01", headline: "h", rating: Rating(value: 1e-7, scale: 1), body: "b")
    let catalog = Catalog(
      info: CatalogInfo(id: "c", title: "t"),
      reviews: [
        review,
        {
          var r = review; r.rating = Rating(value: 5, scale: 5); return r
        }(),
      ])
    let text = try Self.text(catalog)
    #expect(text.contains("    value: 1.0e-07\n"))
    #expect(text.contains("    value: 5.0\n"))
  }

  @Test func multiLineTextsAreLiteralBlocksWithTheRightChomping() throws {
    func written(_ body: String) throws -> String {
      let review = Review(id: "r", work: "w", critic: "p", published: "2020-01-01", headline: "h", body: body)
      let text = try Self.text(Catalog(info: CatalogInfo(id: "c", title: "t"), reviews: [review]))
      let start = text.range(of: "  body: ")!.upperBound
      return String(text[start..<text.range(of: "  tags:")!.lowerBound])
    }
    #expect(try written("one\n\ntwo") == "|-\n    one\n\n    two\n")
    #expect(try written("one\ntwo\n") == "|\n    one\n    two\n")
    #expect(try written("one\ntwo\n\n") == "|+\n    one\n    two\n\n")
    // Line breaks a block would not keep exactly are written quoted.
    #expect(try written("one\r\ntwo") == "\"one\\r\\ntwo\"\n")
    #expect(try written("one\u{2028}two") == "\"one\\Ltwo\"\n")
    #expect(try written("one \ntwo") == "\"one \\ntwo\"\n")
  }

  @Test func longLinesAreNeverFolded() throws {
    let long = String(repeating: "word ", count: 100) + "end"
    let catalog = Catalog(info: CatalogInfo(id: "c", title: long, description: "\"" + long))
    let text = try Self.text(catalog)
    #expect(text.contains("  title: \(long)\n"))
    #expect(text.contains("  description: '\"\(long)'\n") || text.contains("  description: \"\\\"\(long)\"\n"))
  }

  @Test func indentAndDocumentStartOptions() throws {
    let catalog = try Self.load("catalogs/world-cinema.json")
    let text = try Self.text(catalog, ["indent": "4", "document-start": "true"])
    #expect(text.hasPrefix("---\nformatVersion: 1\ncatalog:\n    id: world-cinema\n"))
    let reread = try Self.loader.load(CatalogSource(name: "o.yaml", bytes: Array(text.utf8)), with: YAMLReader())
    #expect(try Render.bytes(JSONExporter(), reread) == Render.bytes(JSONExporter(), catalog))
  }
}

import Foundation
import JSONFormat
import ReviewCatalog
import ReviewExporting
import TestSupport
import Testing
import YAMLFormat

@Suite struct YAMLReaderTests {
  static let loader = CatalogLoader(registry: try! FormatRegistry(readers: [YAMLReader()]))

  static func problems(_ yaml: String) -> [String] {
    do {
      _ = try loader.load(CatalogSource(name: "t.yaml", bytes: Array(yaml.utf8)), with: YAMLReader())
      return []
    } catch {
      return error.diagnostics.map(\.description)
    }
  }

  static let minimal = """
    formatVersion: 1
    catalog: {id: c, title: T}
    people: [{id: p, name: P}]
    works: [{id: w, kind: film, title: W, languages: [], countries: [], genres: [], credits: [], boxOffice: [], rankings: [], availability: []}]
    reviews: []

    """

  @Test func theHandWrittenFixtureReadsAsTheJSONOne() throws {
    let catalog = try Self.loader.load(
      CatalogSource(name: "world-cinema.yaml", bytes: try Fixtures.bytes("catalogs/world-cinema.yaml")), with: YAMLReader())
    #expect(try Render.bytes(JSONExporter(), catalog) == Fixtures.bytes("golden/world-cinema.json"))
  }

  @Test func validationProblemsPointAtTheirLines() throws {
    let text = String(decoding: try Fixtures.bytes("catalogs/world-cinema.yaml"), as: UTF8.self)
      .replacingOccurrences(of: "published: 2018-03-01", with: "published: 2018-02-30")
      .replacingOccurrences(of: "    value: 3.5", with: "    value: 7.5")
      .replacingOccurrences(of: "  nativeName: 郭帆", with: "  nativeName: 郭帆\n  nickname: Frant")
    #expect(
      Self.problems(text) == [
        "t.yaml:18:3: error: people[0]: unknown key 'nickname' in a person; allowed keys: id, name, nativeName",
        "t.yaml:153:12: error: reviews[0].rating.value: 7.5 is above the rating's scale of 5; a rating runs from 0 to its scale",
        "t.yaml:191:14: error: reviews[2].published: '2018-02-30' is not a real calendar date",
      ])
  }

  /// Plain scalars resolve as YAML 1.2's core schema says, byte for byte:
  /// each value below is put in an integer field (`year`) and the reader
  /// says what it found (nothing for an integer).
  @Test(
    arguments: [
      ("1999", nil), ("+12", nil), ("-7", nil), ("0x7CF", nil), ("0o3717", nil), ("007", nil),
      ("1.5", "a number"), (".5", "a number"), ("2.", "a number"), ("1e3", "a number"), ("-2.5E-3", "a number"),
      (".inf", "a number"), ("-.Inf", "a number"), ("+.INF", "a number"), (".NaN", "a number"), (".nan", "a number"),
      ("+.nan", "a text"), ("1.2.3", "a text"), (".", "a text"), ("1e", "a text"), ("e5", "a text"), ("0x", "a text"),
      ("0xG1", "a text"), ("0o8", "a text"), ("+", "a text"), ("1_000", "a text"), ("12\u{301}3", "a text"), ("１２", "a text"),
      ("~", "null"), ("null", "null"), ("Null", "null"), ("NULL", "null"), ("nULL", "a text"), ("nil", "a text"),
      ("true", "a boolean"), ("False", "a boolean"), ("TRUE", "a boolean"), ("tRUE", "a text"), ("yes", "a text"),
    ] as [(String, String?)])
  func plainScalarsResolveByTheCoreSchema(value: String, found: String?) {
    let text = Self.minimal.replacingOccurrences(of: "kind: film, title: W", with: "kind: film, title: W, year: \(value)")
    let expected =
      found.map { found in
        [
          "t.yaml:4:45: error: works[0].year: expected an integer, found \(found)"
            + (found == "null" ? "; leave the key out when there is no value, or write '' for an empty text" : "")
        ]
      } ?? []
    let problems = Self.problems(text).filter { !$0.contains("year: must be") && !$0.contains("is not a year") }
    #expect(problems == expected, "\(value)")
  }

  @Test func typesAreChecked() {
    let text = Self.minimal
      .replacingOccurrences(of: "formatVersion: 1", with: "formatVersion: \"1\"")
      .replacingOccurrences(of: "title: T}", with: "title: ~}")
      .replacingOccurrences(of: "kind: film", with: "kind: [film]")
    #expect(
      Self.problems(text) == [
        "t.yaml:1:16: error: formatVersion: expected an integer, found a text",
        "t.yaml:2:25: error: catalog.title: expected a text, found null; leave the key out when there is no value, or write '' for an empty text",
        "t.yaml:4:23: error: works[0].kind: expected a text, found a sequence",
      ])
  }

  @Test func plainWordsAndNumbersAreTextWhereTextIsExpected() throws {
    let text = Self.minimal.replacingOccurrences(of: "title: T}", with: "title: yes, description: 1917}")
    let catalog = try Self.loader.load(CatalogSource(name: "t.yaml", bytes: Array(text.utf8)), with: YAMLReader())
    #expect(catalog.info.title == "yes")
    #expect(catalog.info.description == "1917")
  }

  @Test func syntaxErrorsAreLocated() {
    #expect(
      Self.problems("formatVersion: 1\ncatalog: {id: c\n") == [
        "t.yaml:3:1: error: malformed YAML: while parsing a flow mapping: did not find expected ',' or '}'"
      ])
    #expect(
      Self.problems("") == [
        "t.yaml:1:1: error: the file holds no YAML document; a catalog is a mapping with formatVersion, catalog, people, works and reviews"
      ])
    #expect(Self.problems(Self.minimal + "---\nmore: 1\n").last == "t.yaml:6:1: error: a catalog file holds one YAML document; this is the second")
  }

  @Test func duplicateKeysAndForeignTagsAreRefused() {
    #expect(
      Self.problems(Self.minimal.replacingOccurrences(of: "reviews: []", with: "reviews: []\npeople: []")) == [
        "t.yaml:6:1: error: people: duplicate key 'people'; each key may appear once in the catalog document"
      ])
    #expect(
      Self.problems(Self.minimal.replacingOccurrences(of: "title: T", with: "title: !custom T")) == [
        "t.yaml:2:25: error: the tag !custom is not supported; only YAML's core tags (!!str, !!int, !!float, …) are"
      ])
    #expect(Self.problems(Self.minimal.replacingOccurrences(of: "title: T", with: "title: !!str T")) == [])
  }

  @Test func anchorsAndAliasesAreExpanded() throws {
    let text = Self.minimal.replacingOccurrences(of: "genres: []", with: "genres: &g [drama, war]")
      .replacingOccurrences(
        of: "reviews: []",
        with: """
          reviews:
          - {id: r1, work: w, critic: p, published: 2020-01-01, headline: &h Same, body: b, tags: *g, mentions: [], quotes: [], sources: []}
          - {id: r2, work: w, critic: p, published: 2020-01-02, headline: *h, body: b, tags: *g, mentions: [], quotes: [], sources: []}
          """)
    let catalog = try Self.loader.load(CatalogSource(name: "t.yaml", bytes: Array(text.utf8)), with: YAMLReader())
    #expect(catalog.reviews.map(\.tags) == [["drama", "war"], ["drama", "war"]])
    #expect(catalog.reviews.map(\.headline) == ["Same", "Same"])
  }

  @Test func anAliasBombIsRefusedFast() {
    var bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for level in 1...9 {
      bomb += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
    }
    // A billion x's if expanded; refused after a bounded number of events.
    #expect(Self.problems(bomb).last?.contains("aliases expand to far more than the document holds") == true)
  }

  /// One large scalar aliased many times: few events, many bytes.
  static func largeScalarAliased(_ count: Int) -> String {
    let big = String(repeating: "a", count: 100_000)
    return "formatVersion: 1\ncatalog: {id: x, title: &big \(big), language: en}\npeople:\n"
      + (0..<count).map { "- {id: p\($0), name: *big}\n" }.joined() + "works: []\nreviews: []\n"
  }

  @Test func aliasesMayNotExpandTheDocumentBeyondTenTimesItsSize() throws {
    // 100 KB aliased 200 times: 20 MB from a 105 KB file.
    let problems = Self.problems(Self.largeScalarAliased(200))
    #expect(problems.last?.contains("aliases expand the document to more than 10 times its size") == true, "\(problems)")
    // Within the budget: read, and then found invalid for what it says, not for its size.
    let small = Self.problems(Self.largeScalarAliased(3))
    #expect(!small.contains { $0.contains("aliases expand") }, "\(small)")
    // A larger factor lets it through.
    let reader = YAMLReader(expansionFactor: 1_000)
    let text = Self.largeScalarAliased(200)
    let loaded = try CatalogLoader(registry: try FormatRegistry(readers: [reader])).load(
      CatalogSource(name: "t.yaml", bytes: Array(text.utf8)), with: reader)
    #expect(loaded.people.count == 200)
  }

  @Test func deepNestingIsRefused() {
    let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
    #expect(Self.problems("formatVersion: 1\nx: " + deep).last?.contains("nesting is deeper than 64 levels") == true)
  }
}

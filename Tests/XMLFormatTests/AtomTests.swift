import Foundation
#if canImport(FoundationXML)
  import FoundationXML
#endif
import JSONFormat
import ReviewCatalog
import ReviewExporting
import TestSupport
import Testing
import XMLFormat

/// The feed read by feedparser, an independent Atom reader: well-formed (no
/// `bozo`), newest first, every entry what its review says.
@Suite(.enabled(if: Python.canImport("feedparser"), "python3's feedparser is missing: the feed was not read back"))
struct AtomTests {
  static let loader = CatalogLoader(registry: try! FormatRegistry(readers: [JSONReader()]))

  static func load(_ path: String) throws -> Catalog {
    try loader.load(CatalogSource(name: path, bytes: try Fixtures.bytes(path)), with: JSONReader())
  }

  static func parsed(_ bytes: [UInt8]) throws -> [String: Any] {
    let file = try Fixtures.temporaryFolder().appendingPathComponent("feed.atom")
    try Data(bytes).write(to: file)
    let script = #"""
      import json, sys
      import feedparser
      feed = feedparser.parse(sys.argv[1])
      out = {"bozo": bool(feed.bozo), "error": str(feed.get("bozo_exception", "")), "id": feed.feed.get("id"),
             "title": feed.feed.get("title"), "updated": feed.feed.get("updated"), "entries": []}
      for e in feed.entries:
          out["entries"].append({"id": e.get("id"), "title": e.get("title"), "author": e.get("author"),
              "published": e.get("published"), "tags": [t["term"] for t in e.get("tags", [])],
              "summary": e.get("summary") if "summary_detail" in e and e.summary_detail.get("type") == "text/plain" else None,
              "content": e.content[0].value if e.get("content") else None,
              "link": e.get("link")})
      print(json.dumps(out))
      """#
    let (status, output) = try Python.run(script, arguments: [file.path])
    #expect(status == 0, "\(output)")
    return try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
  }

  /// The reviews newest first, ties in catalog order.
  static func newestFirst(_ catalog: Catalog) -> [Review] {
    catalog.reviews.enumerated().sorted { a, b in
      a.element.published != b.element.published ? a.element.published > b.element.published : a.offset < b.offset
    }.map(\.element)
  }

  @Test(arguments: ["catalogs/world-cinema.json", "catalogs/hostile-strings.json"])
  func feedparserReadsEveryEntryAsItsReview(_ fixture: String) throws {
    let catalog = try Self.load(fixture)
    // The hostile catalog holds characters XML 1.0 cannot carry: replaced, as xml does.
    let feed = try Self.parsed(try Render.bytes(AtomExporter(), catalog, options: ["invalid-characters": "replace"]))
    #expect(feed["bozo"] as? Bool == false, "\(feed["error"] ?? "")")
    #expect(feed["id"] as? String == "urn:review-export:catalog:\(catalog.info.id)")
    let entries = feed["entries"] as! [[String: Any]]
    let reviews = Self.newestFirst(catalog)
    #expect(entries.count == reviews.count)
    func xml(_ text: String) -> String { XMLTextForTests.replacingForbidden(text) }
    for (entry, review) in zip(entries, reviews) {
      #expect(entry["id"] as? String == "urn:review-export:review:\(catalog.info.id):\(review.id)")
      #expect(entry["title"] as? String == xml(review.headline), "\(review.id)")
      #expect(entry["author"] as? String == xml(catalog.people.first { $0.id == review.critic }!.name), "\(review.id)")
      #expect((entry["published"] as? String)?.hasPrefix(review.published) == true)
      #expect((entry["tags"] as? [String]) == review.tags.map(xml), "\(review.id)")
      if let summary = review.summary, !summary.isEmpty {
        #expect(entry["summary"] as? String == xml(summary), "\(review.id)")
      }
    }
  }

  @Test func theLimitKeepsTheNewestAndTheBaseURLLinksEachEntry() throws {
    let catalog = try Self.load("catalogs/world-cinema.json")
    let feed = try Self.parsed(try Render.bytes(AtomExporter(), catalog, options: ["limit": "2", "base-url": "https://reviews.example.org"]))
    let entries = feed["entries"] as! [[String: Any]]
    #expect(entries.map { $0["title"] as? String } == Self.newestFirst(catalog).prefix(2).map(\.headline))
    #expect(entries.first?["link"] as? String == "https://reviews.example.org/reviews/\(Self.newestFirst(catalog)[0].id)")
    #expect(feed["id"] as? String == "https://reviews.example.org/")
    #expect((entries.first?["content"] as? String)?.hasPrefix("<p>") == true)
  }

  @Test func fixtureMatchesGoldenOutput() throws {
    let bytes = try Render.bytes(AtomExporter(), try Self.load("catalogs/world-cinema.json"))
    #expect(try Fixtures.goldenDifference(bytes, "golden/world-cinema.atom") == nil)
    #expect(XMLSchemaLike.isWellFormed(bytes))
  }
}

/// XML 1.0's replacement of what it cannot carry, as the exporters apply it.
enum XMLTextForTests {
  static func replacingForbidden(_ text: String) -> String {
    String(
      String.UnicodeScalarView(
        text.unicodeScalars.map { scalar in
          let v = scalar.value
          let allowed = v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || v >= 0x10000
          return allowed ? scalar : "\u{FFFD}"
        }))
  }
}

/// Foundation's XML parser, to check well-formedness independently of libxml2's writer.
enum XMLSchemaLike {
  static func isWellFormed(_ bytes: [UInt8]) -> Bool {
    (try? XMLDocument(data: Data(bytes))) != nil
  }
}

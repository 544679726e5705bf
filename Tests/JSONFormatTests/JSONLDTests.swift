import Foundation
import JSONFormat
import ReviewCatalog
import ReviewExporting
import TestSupport
import Testing

/// The JSON-LD read by a real JSON-LD processor (pyld), with schema.org's
/// context served locally (`@vocab` https://schema.org/), so nothing is
/// fetched: the triples say what each review and aggregate says.
@Suite(.enabled(if: Python.canImport("pyld"), "python3's pyld is missing: the JSON-LD was not processed"))
struct JSONLDTests {
  static let loader = CatalogLoader(registry: try! FormatRegistry(readers: [JSONReader()]))

  static let script = #"""
    import json, sys
    from pyld import jsonld
    S = "https://schema.org/"
    def loader(url, options=None):
        if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
            return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
                    "document": {"@context": {"@vocab": S}}}
        raise Exception("no fetching: " + url)
    doc = json.loads(open(sys.argv[1], encoding="utf-8").read())
    flat = jsonld.flatten(doc, None, {"documentLoader": loader, "base": "https://example.invalid/catalog.jsonld"})
    nodes = {n["@id"]: n for n in flat}
    def one(node, key):
        values = node.get(S + key, [])
        return values[0] if values else None
    def value(node, key):
        v = one(node, key)
        return None if v is None else v.get("@value")
    out = {"reviews": [], "aggregates": {}, "dangling": [], "types": {}}
    for n in flat:
        for key, values in n.items():
            if key.startswith("@"): continue
            for v in values:
                if isinstance(v, dict) and "@id" in v and not v["@id"].startswith("_:") and "@type" not in nodes.get(v["@id"], {}):
                    out["dangling"].append(v["@id"])
        if S + "Review" in n.get("@type", []):
            rating = nodes[one(n, "reviewRating")["@id"]] if one(n, "reviewRating") else None
            out["reviews"].append({
                "id": n["@id"].split("#review-")[-1], "headline": value(n, "headline"),
                "author": value(nodes[one(n, "author")["@id"]], "name"),
                "item": value(nodes[one(n, "itemReviewed")["@id"]], "name"),
                "rating": None if rating is None else [value(rating, "ratingValue"), value(rating, "bestRating"), value(rating, "worstRating")],
            })
        if one(n, "aggregateRating"):
            agg = nodes[one(n, "aggregateRating")["@id"]]
            out["aggregates"][n["@id"].split("#work-")[-1]] = [value(agg, "ratingValue"), value(agg, "ratingCount"), value(agg, "reviewCount"), value(agg, "bestRating")]
        for t in n.get("@type", []):
            out["types"][n["@id"]] = t
    print(json.dumps(out))
    """#

  static func processed(_ catalog: Catalog, options: [String: String] = [:]) throws -> [String: Any] {
    let file = try Fixtures.temporaryFolder().appendingPathComponent("c.jsonld")
    try Data(try Render.bytes(JSONLDExporter(), catalog, options: options)).write(to: file)
    let (status, output) = try Python.run(Self.script, arguments: [file.path])
    #expect(status == 0, "\(output)")
    return try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
  }

  @Test(arguments: ["catalogs/world-cinema.json", "catalogs/hostile-strings.json"])
  func theTriplesSayWhatTheCatalogSays(_ fixture: String) throws {
    let catalog = try Self.loader.load(CatalogSource(name: fixture, bytes: try Fixtures.bytes(fixture)), with: JSONReader())
    let result = try Self.processed(catalog)
    #expect((result["dangling"] as? [String]) == [], "every @id reference resolves inside the graph")
    let reviews = result["reviews"] as! [[String: Any]]
    #expect(reviews.count == catalog.reviews.count)
    let byID = Dictionary(uniqueKeysWithValues: reviews.map { ($0["id"] as! String, $0) })
    for review in catalog.reviews {
      let node = try #require(byID[review.id], "\(review.id)")
      #expect(node["headline"] as? String == review.headline)
      #expect(node["author"] as? String == catalog.people.first { $0.id == review.critic }?.name)
      #expect(node["item"] as? String == catalog.works.first { $0.id == review.work }?.title)
      if let rating = review.rating {
        let triple = node["rating"] as? [NSNumber]
        #expect(triple?.map(\.doubleValue) == [rating.value, Double(rating.scale), 0])
      } else {
        #expect(node["rating"] is NSNull)
      }
    }
    // Each aggregate is what the work's reviews give, on a scale of 5.
    let aggregates = result["aggregates"] as! [String: [NSNumber]]
    for work in catalog.works {
      let rated = catalog.reviews.filter { $0.work == work.id }.compactMap(\.rating)
      guard !rated.isEmpty else {
        #expect(aggregates[work.id] == nil)
        continue
      }
      let mean = rated.map { $0.value / Double($0.scale) * 5 }.reduce(0, +) / Double(rated.count)
      let got = aggregates[work.id]?.map(\.doubleValue)
      #expect(got?[0] == (mean * 100).rounded() / 100, "\(work.id)")
      #expect(got?[1] == Double(rated.count) && got?[3] == 5)
      #expect(got?[2] == Double(catalog.reviews.filter { $0.work == work.id }.count))
    }
  }

  @Test func idsAreTheSitesPagesWithABaseURL() throws {
    let catalog = try Self.loader.load(CatalogSource(name: "w", bytes: try Fixtures.bytes("catalogs/world-cinema.json")), with: JSONReader())
    let result = try Self.processed(catalog, options: ["base-url": "https://reviews.example.org"])
    let types = result["types"] as! [String: String]
    #expect(types["https://reviews.example.org/works/the-wandering-earth"] == "https://schema.org/Movie")
    #expect(types["https://reviews.example.org/works/the-wandering-earth-novella"] == "https://schema.org/Book")
    #expect(types["https://reviews.example.org/people/frant-gwo"] == "https://schema.org/Person")
    #expect(types["https://reviews.example.org/reviews/the-wandering-earth-review"] == "https://schema.org/Review")
    #expect((result["dangling"] as? [String]) == [])
    let moved = try Self.processed(catalog, options: ["base-url": "https://reviews.example.org/", "work-path": "film/{id}.html"])
    #expect((moved["types"] as! [String: String])["https://reviews.example.org/film/the-wandering-earth.html"] == "https://schema.org/Movie")
    #expect((moved["dangling"] as? [String]) == [])
  }
}

@Suite struct JSONLDGoldenTests {
  @Test func fixtureMatchesGoldenOutput() throws {
    let catalog = try JSONLDTests.loader.load(
      CatalogSource(name: "w", bytes: try Fixtures.bytes("catalogs/world-cinema.json")), with: JSONReader())
    let bytes = try Render.bytes(JSONLDExporter(), catalog)
    #expect(try Fixtures.goldenDifference(bytes, "golden/world-cinema.jsonld") == nil)
    // Plain JSON, too: Foundation's parser reads it.
    #expect(try JSONSerialization.jsonObject(with: Data(bytes)) is [String: Any])
  }
}

@Suite struct ScriptSafeJSONLDTests {
  /// With `script-safe`, the hostile catalog's JSON-LD has no `<`, DEL, C1
  /// control or noncharacter left, and is the same JSON as without it
  /// (Foundation's parser reads both to equal trees).
  @Test func scriptSafeOutputIsTheSameJSONWithNothingAScriptElementFears() throws {
    let catalog = try JSONLDTests.loader.load(
      CatalogSource(name: "h", bytes: try Fixtures.bytes("catalogs/hostile-strings.json")), with: JSONReader())
    let plain = try Render.bytes(JSONLDExporter(), catalog)
    let safe = try Render.bytes(JSONLDExporter(), catalog, options: ["script-safe": "true"])
    #expect(plain.contains(UInt8(ascii: "<")))
    #expect(safe != plain)
    let feared = String(decoding: safe, as: UTF8.self).unicodeScalars.filter { scalar in
      let value = scalar.value
      return scalar == "<" || value == 0x7F || (0x80...0x9F).contains(value) || (0xFDD0...0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE
    }
    #expect(feared.isEmpty, "\(feared.map { String($0.value, radix: 16) })")
    let tree = { (bytes: [UInt8]) in try JSONSerialization.jsonObject(with: Data(bytes)) as! NSDictionary }
    #expect(try tree(safe) == tree(plain))
  }
}

@Suite struct SiteAddressTests {
  @Test func aBaseURLThatIsNotAWebAddressIsRefused() throws {
    let catalog = Catalog(info: CatalogInfo(id: "c", title: "t"))
    #expect { try Render.bytes(JSONLDExporter(), catalog, options: ["base-url": "ftp://example.org/"]) } throws: {
      "\($0)" == "--option jsonld.base-url=ftp://example.org/ is not an http or https URL"
    }
    let fragment = String(decoding: try Render.bytes(JSONLDExporter(), catalog, options: ["base-url": "https://example.org"]), as: UTF8.self)
    #expect(fragment.contains("\"@graph\""))
  }
}

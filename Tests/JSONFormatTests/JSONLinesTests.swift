import Foundation
import JSONFormat
import ReviewCatalog
import ReviewExporting
import TestSupport
import Testing

@Suite struct JSONLinesTests {
  static let loader = CatalogLoader(registry: try! FormatRegistry(readers: [JSONReader(), JSONLinesReader()]))

  static func load(_ path: String) throws -> Catalog {
    try loader.load(CatalogSource(name: path, bytes: try Fixtures.bytes(path)), with: JSONReader())
  }

  /// Writes the `jsonl` folder of `catalog` and returns its path.
  static func folder(_ catalog: Catalog, options: [String: String] = [:], edit: (inout [String: String]) -> Void = { _ in }) throws -> String {
    let folder = try Fixtures.temporaryFolder().appendingPathComponent("c.jsonl")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var files = try Render.members(JSONLinesExporter(), catalog, options: options).mapValues { String(decoding: $0, as: UTF8.self) }
    edit(&files)
    for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
    return folder.path
  }

  static func problems(_ directory: String) -> [String] {
    do {
      _ = try loader.load(CatalogSource(directory: directory), with: JSONLinesReader())
      return []
    } catch {
      return error.diagnostics.map { $0.description.replacingOccurrences(of: directory + "/", with: "") }
    }
  }

  @Test(arguments: ["catalogs/world-cinema.json", "catalogs/hostile-strings.json", "catalogs/extreme-numbers.json"])
  func jsonToJSONLinesToJSONIsByteIdentical(_ fixture: String) throws {
    let catalog = try Self.load(fixture)
    let reread = try Self.loader.load(CatalogSource(directory: try Self.folder(catalog)), with: JSONLinesReader())
    #expect(try Render.bytes(JSONExporter(), reread) == Render.bytes(JSONExporter(), catalog))
  }

  @Test func eachLineIsTheCanonicalCompactObject() throws {
    let catalog = try Self.load("catalogs/world-cinema.json")
    let files = try Render.members(JSONLinesExporter(), catalog)
    #expect(files.keys.sorted() == ["catalog.jsonl", "people.jsonl", "reviews.jsonl", "works.jsonl"])
    let people = String(decoding: files["people.jsonl"]!, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    #expect(people.count == catalog.people.count + 1 && people.last == "")
    // Each line is what the json format's compact output holds for that person.
    let compact = String(decoding: try Render.bytes(JSONExporter(), catalog, options: ["compact": "true"]), as: UTF8.self)
    for line in people.dropLast() { #expect(compact.contains(String(line)), "\(line)") }
    let object = try JSONSerialization.jsonObject(with: Data(people[0].utf8)) as? [String: Any]
    #expect(object?["id"] as? String == catalog.people[0].id)
  }

  @Test func problemsNameTheFileLineAndColumn() throws {
    let catalog = try Self.load("catalogs/world-cinema.json")
    let directory = try Self.folder(catalog) { files in
      files["works.jsonl"] = files["works.jsonl"]!.replacingOccurrences(of: "\"year\":2019", with: "\"year\":\"2019\"")
      files["reviews.jsonl"]! += "\n\n"
    }
    #expect(Self.problems(directory) == ["works.jsonl:1:103: error: works[0].year: expected an integer, found a string"])
    let broken = try Self.folder(catalog) { files in
      files["people.jsonl"]! += "{\"id\": \"x\", \"name\": \"X\"} {}\n"
      files.removeValue(forKey: "catalog.jsonl")
    }
    #expect(
      Self.problems(broken) == [
        "catalog.jsonl: error: missing file catalog.jsonl; a jsonl folder has catalog.jsonl, people.jsonl, works.jsonl, reviews.jsonl",
        "people.jsonl:10:26: error: expected the end of the line after the person; JSON Lines holds one value a line",
      ])
  }

  /// Hundreds of problems, each at its own line and column, blank lines
  /// counted: the lines are counted once for the whole file.
  @Test func problemsOnManyLinesAreEachAtTheirPlace() throws {
    let catalog = Fixtures.copies(of: try Self.load("catalogs/world-cinema.json"), reviews: 600, headline: "h")
    var text = ""
    let directory = try Self.folder(catalog) { files in
      var lines = files["reviews.jsonl"]!.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      for index in lines.indices where index % 3 == 1 {
        lines[index] = lines[index].replacingOccurrences(of: #""headline":"h""#, with: #""headline":"""#)
      }
      lines.insert("", at: 300)
      files["reviews.jsonl"] = lines.joined(separator: "\n")
      text = files["reviews.jsonl"]!
    }
    // Where each empty headline is, from the text itself.
    var expected: [String] = []
    var review = 0
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
      if let range = line.range(of: #""headline":"""#) {
        let column = line[..<range.upperBound].unicodeScalars.count - 1
        expected.append("reviews.jsonl:\(number + 1):\(column): error: reviews[\(review)].headline: must not be empty")
      }
      review += 1
    }
    #expect(expected.count == 200)
    #expect(Self.problems(directory) == expected)
  }

  @Test func theFlatShapeJoinsEachReviewsWorkAndCritic() throws {
    let catalog = try Self.load("catalogs/world-cinema.json")
    let files = try Render.members(JSONLinesExporter(), catalog, options: ["shape": "flat"])
    #expect(files.keys.sorted() == ["reviews.jsonl"])
    let lines = String(decoding: files["reviews.jsonl"]!, as: UTF8.self).split(separator: "\n")
    #expect(lines.count == catalog.reviews.count)
    let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
    #expect(first?["work.title"] as? String == catalog.works.first { $0.id == catalog.reviews[0].work }?.title)
    #expect(first?["critic.name"] as? String == catalog.people.first { $0.id == catalog.reviews[0].critic }?.name)
    #expect((first?["tags"] as? [String]) == catalog.reviews[0].tags)
  }

  @Test(.enabled(if: Python.canImport("duckdb"), "python3's duckdb is missing: the tables were not loaded by DuckDB"))
  func duckDBLoadsEachFileAsATable() throws {
    let catalog = try Self.load("catalogs/hostile-strings.json")
    let directory = try Self.folder(catalog)
    let script = #"""
      import duckdb, json, sys
      folder = sys.argv[1]
      out = {}
      for name in ["people", "works", "reviews"]:
          rel = duckdb.sql(f"SELECT * FROM read_json_auto('{folder}/{name}.jsonl')")
          out[name] = {"rows": len(rel.fetchall()), "columns": rel.columns}
      out["headlines"] = [r[0] for r in duckdb.sql(f"SELECT headline FROM read_json_auto('{folder}/reviews.jsonl')").fetchall()]
      print(json.dumps(out))
      """#
    let (status, output) = try Python.run(script, arguments: [directory])
    #expect(status == 0, "\(output)")
    let result = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
    let people = result?["people"] as? [String: Any]
    let reviews = result?["reviews"] as? [String: Any]
    #expect(people?["rows"] as? Int == catalog.people.count)
    #expect((result?["works"] as? [String: Any])?["rows"] as? Int == catalog.works.count)
    #expect(reviews?["rows"] as? Int == catalog.reviews.count)
    #expect((reviews?["columns"] as? [String])?.first == "id")
    #expect((result?["headlines"] as? [String]) == catalog.reviews.map(\.headline))
  }
}

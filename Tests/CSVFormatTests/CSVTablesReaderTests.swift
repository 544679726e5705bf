import Foundation
import CSVFormat
import JSONFormat
import ReviewCatalog
import ReviewExporting
import TestSupport
import Testing

@Suite struct CSVTablesReaderTests {
  static let loader = CatalogLoader(registry: try! FormatRegistry(readers: [JSONReader(), CSVTablesReader()]))

  /// Writes the tables of `catalog` into a new folder and returns its path.
  static func writeTables(_ catalog: Catalog, options: [String: String] = [:], edit: (inout [String: String]) -> Void = { _ in }) throws -> String {
    let folder = try Fixtures.temporaryFolder().appendingPathComponent("c.tables")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var files = try Render.members(CSVTablesExporter(), catalog, options: options).mapValues { String(decoding: $0, as: UTF8.self) }
    edit(&files)
    for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
    return folder.path
  }

  static func problems(_ directory: String) -> [String] {
    do {
      _ = try loader.load(CatalogSource(directory: directory), with: CSVTablesReader())
      return []
    } catch {
      return error.diagnostics.map { $0.description.replacingOccurrences(of: directory + "/", with: "") }
    }
  }

  @Test(
    arguments: ["catalogs/world-cinema.json", "catalogs/hostile-strings.json"],
    [
      [:], ["line-ending": "lf", "quoting": "all", "bom": "true"], ["delimiter": "semicolon"],
      ["delimiter": "tab", "quoting": "all", "line-ending": "lf"], ["delimiter": "semicolon", "bom": "true", "quoting": "all"],
    ])
  func tablesRoundTripExactly(_ path: String, _ options: [String: String]) throws {
    let catalog = try Self.loader.load(CatalogSource(name: path, bytes: try Fixtures.bytes(path)), with: JSONReader())
    let directory = try Self.writeTables(catalog, options: options)
    let reread = try Self.loader.load(CatalogSource(directory: directory), with: CSVTablesReader())
    #expect(try Render.bytes(JSONExporter(), reread) == Render.bytes(JSONExporter(), catalog))
  }

  static func fixture() throws -> Catalog {
    try loader.load(CatalogSource(name: "w.json", bytes: try Fixtures.bytes("catalogs/world-cinema.json")), with: JSONReader())
  }

  @Test func aMissingTableAndAWrongHeaderStopReading() throws {
    let directory = try Self.writeTables(try Self.fixture()) { files in
      files["people.csv"] = "id,name\r\n"
    }
    try FileManager.default.removeItem(atPath: directory + "/review-tags.csv")
    #expect(
      Self.problems(directory) == [
        "people.csv:1:1: error: the header must be id,name,nativeName; found 'id,name'",
        "review-tags.csv: error: missing table review-tags.csv; a csv-tables folder has catalog.csv, people.csv, works.csv, work-languages.csv, work-countries.csv, work-genres.csv, work-credits.csv, work-box-office.csv, work-rankings.csv, work-availability.csv, reviews.csv, review-tags.csv, review-mentions.csv, review-quotes.csv, review-sources.csv",
      ])
  }

  @Test func rowProblemsAreLocated() throws {
    let directory = try Self.writeTables(try Self.fixture()) { files in
      files["people.csv"]! += "extra,row,with,too,many\r\n"
      files["work-genres.csv"]! += "no-such-work,0,drama\r\n"
      files["works.csv"] = files["works.csv"]!.replacingOccurrences(of: ",2019,2019-02-05,", with: ",twenty,2019-02-05,")
      files["review-tags.csv"] = files["review-tags.csv"]!.replacingOccurrences(
        of: "the-wandering-earth-review,2,netflix", with: "the-wandering-earth-review,5,netflix")
      files["reviews.csv"] = files["reviews.csv"]!.replacingOccurrences(of: "2018-03-01", with: "2018-02-30")
    }
    #expect(
      Self.problems(directory) == [
        "people.csv:11:1: error: this row has 5 fields; the header has 3",
        "works.csv:2:51: error: works[0].year: expected an integer, found 'twenty'",
        "work-genres.csv:7:1: error: no row of works.csv has the id 'no-such-work'; every row here must belong to one",
        "review-tags.csv:2:1: error: the positions of 'the-wandering-earth-review' must run 0, 1, 2, … with none missing or repeated; found 0, 1, 5",
        "reviews.csv:10:52: error: reviews[2].published: '2018-02-30' is not a real calendar date",
      ])
  }

  @Test func aRatingWithOnlyAValueOrAMissingRequiredCellIsReported() throws {
    let directory = try Self.writeTables(try Self.fixture()) { files in
      // The first review: its scale emptied; the second: its headline emptied.
      files["reviews.csv"] = files["reviews.csv"]!.replacingOccurrences(of: ",3.5,5,\"", with: ",3.5,,\"")
        .replacingOccurrences(of: "The short book behind the long voyage", with: "")
    }
    let problems = Self.problems(directory)
    #expect(problems.contains { $0.contains("reviews[0].rating.scale: rating.value and rating.scale must both have a value or both be empty") }, "\(problems)")
    #expect(problems.contains { $0.contains("reviews[1].headline: column 'headline' needs a value; write \"\" for an empty text") }, "\(problems)")
  }

  /// Found by fuzzing (FuzzCSVTablesReader): an empty table file.
  @Test func anEmptyTableIsAHeaderError() throws {
    let directory = try Self.writeTables(try Self.fixture()) { files in files["reviews.csv"] = "" }
    #expect(
      Self.problems(directory) == [
        "reviews.csv:1:1: error: the header must be id,work,critic,publication,published,headline,summary,rating.value,rating.scale,body; found an empty file"
      ])
  }

  @Test func absentAndEmptyTextsStayApart() throws {
    let directory = try Self.writeTables(try Self.fixture())
    let reviews = try String(contentsOfFile: directory + "/reviews.csv", encoding: .utf8)
    // The novella review has an empty publication ("") and no summary (empty cell).
    #expect(
      reviews.contains("the-wandering-earth-novella-review,the-wandering-earth-novella,mei-lin,\"\",2019-03-02,The short book behind the long voyage,,8.0,10,"))
    let reread = try Self.loader.load(CatalogSource(directory: directory), with: CSVTablesReader())
    #expect(reread.reviews[1].publication == "")
    #expect(reread.reviews[1].summary == nil)
  }

  @Test func aTableThatIsAFIFOOrALinkIsRefusedWithoutReadingIt() throws {
    let directory = try Self.writeTables(try Self.fixture())
    try FileManager.default.removeItem(atPath: directory + "/people.csv")
    #expect(mkfifo(directory + "/people.csv", 0o644) == 0)
    let secret = try Fixtures.temporaryFolder().appendingPathComponent("secret.txt")
    try Data("top secret first line\n".utf8).write(to: secret)
    try FileManager.default.removeItem(atPath: directory + "/works.csv")
    try FileManager.default.createSymbolicLink(atPath: directory + "/works.csv", withDestinationPath: secret.path)
    let problems = Self.problems(directory)
    #expect(problems.contains("people.csv: error: the table people.csv is not a regular file; a csv-tables folder holds its tables as plain files"))
    #expect(problems.contains("works.csv: error: the table works.csv is a symbolic link; a csv-tables folder holds its tables as plain files"))
    #expect(!problems.joined().contains("secret"))
  }

  @Test func aLineOfManyCellsIsReadInOnePass() throws {
    // 100,000 commas on one line: reported as a wrong field count, quickly.
    let directory = try Self.writeTables(try Self.fixture()) { files in
      files["people.csv"]! += String(repeating: ",", count: 100_000) + "\r\n"
    }
    let problems = Self.problems(directory)
    #expect(problems.contains { $0.contains("this row has 100001 fields; the header has 3") }, "\(problems)")
  }
}

/// The folder's `datapackage.json`, checked by Frictionless itself: the
/// descriptor is valid, every table passes its schema (types, required
/// values, patterns, keys and references), and the rows read through it are
/// the catalog's.
@Suite(.enabled(if: Python.canImport("frictionless"), "python3's frictionless is missing: datapackage.json was not checked"))
struct CSVDataPackageTests {
  @Test(
    arguments: ["catalogs/world-cinema.json", "catalogs/hostile-strings.json"],
    [[:], ["delimiter": "semicolon", "bom": "true", "line-ending": "lf", "quoting": "all"], ["delimiter": "tab"]])
  func frictionlessValidatesAndReadsTheTables(_ fixture: String, _ options: [String: String]) throws {
    let catalog = try CSVTablesReaderTests.loader.load(CatalogSource(name: fixture, bytes: try Fixtures.bytes(fixture)), with: JSONReader())
    let directory = try CSVTablesReaderTests.writeTables(catalog, options: options)
    let script = #"""
      import json, sys
      import frictionless
      path = sys.argv[1] + "/datapackage.json"
      report = frictionless.validate(path)
      errors = [f"{t.name}: {e.message}" for t in report.tasks for e in t.errors]
      package = frictionless.Package(path)
      people = [row["name"] for row in package.get_resource("people").read_rows()]
      reviews = [row["published"].isoformat() for row in package.get_resource("reviews").read_rows()]
      print(json.dumps({"valid": report.valid, "errors": errors[:5], "people": people, "published": reviews}))
      """#
    let (status, output) = try Python.run(script, arguments: [directory])
    #expect(status == 0, "\(output)")
    let result = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
    #expect(result?["valid"] as? Bool == true, "\(output)")
    #expect(result?["people"] as? [String] == catalog.people.map(\.name))
    #expect(result?["published"] as? [String] == catalog.reviews.map(\.published))
  }

  @Test func theReaderIgnoresTheDescriptor() throws {
    let catalog = try CSVTablesReaderTests.fixture()
    let directory = try CSVTablesReaderTests.writeTables(catalog) { files in files["datapackage.json"] = "not json at all" }
    #expect(CSVTablesReaderTests.problems(directory) == [])
  }
}

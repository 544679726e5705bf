import CSVFormat
import Foundation
import JSONFormat
import ReviewCatalog
import ReviewExporting
import SQLiteFormat
import TestSupport
import Testing

@Suite struct SQLiteFormatTests {
  static let loader = CatalogLoader(registry: try! FormatRegistry(readers: [JSONReader(), SQLiteReader()]))

  static func load(_ path: String) throws -> Catalog {
    try loader.load(CatalogSource(name: path, bytes: try Fixtures.bytes(path)), with: JSONReader())
  }

  /// The database `catalog` exports to, written into a new file.
  static func database(_ catalog: Catalog, options: [String: String] = [:]) throws -> String {
    let path = try Fixtures.temporaryFolder().appendingPathComponent("c.sqlite").path
    try Data(try Render.bytes(SQLiteExporter(), catalog, options: options)).write(to: URL(fileURLWithPath: path))
    return path
  }

  static func problems(_ path: String) -> [String] {
    do {
      _ = try loader.load(CatalogSource(name: path, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path)))), with: SQLiteReader())
      return []
    } catch {
      return (error as? CatalogError)?.diagnostics.map { $0.description.replacingOccurrences(of: path, with: "c.sqlite") } ?? ["\(error)"]
    }
  }

  static func reread(_ path: String) throws -> Catalog {
    try loader.load(CatalogSource(name: path, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path)))), with: SQLiteReader())
  }

  @Test(arguments: ["catalogs/world-cinema.json", "catalogs/hostile-strings.json", "catalogs/extreme-numbers.json"])
  func jsonToSQLiteToJSONIsByteIdentical(_ fixture: String) throws {
    let catalog = try Self.load(fixture)
    let path = try Self.database(catalog)
    #expect(try Render.bytes(JSONExporter(), try Self.reread(path)) == Render.bytes(JSONExporter(), catalog))
  }

  @Test func theSameCatalogGivesTheSameBytes() throws {
    let catalog = try Self.load("catalogs/world-cinema.json")
    #expect(try Render.bytes(SQLiteExporter(), catalog) == Render.bytes(SQLiteExporter(), catalog))
  }

  @Test(
    .enabled(if: Python.canImport("sqlite3"), "python3's sqlite3 is missing: the independent client did not run"),
    arguments: ["catalogs/world-cinema.json", "catalogs/hostile-strings.json"])
  func anIndependentClientFindsTheSchemaSound(_ fixture: String) throws {
    let catalog = try Self.load(fixture)
    let path = try Self.database(catalog)
    let csvPath = path + ".csv"
    try Data(try Render.bytes(CSVExporter(), catalog)).write(to: URL(fileURLWithPath: csvPath))
    let script = #"""
      import csv, sqlite3, sys
      db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
      print("integrity", db.execute("PRAGMA integrity_check").fetchone()[0])
      print("foreign", len(db.execute("PRAGMA foreign_key_check").fetchall()))
      print("user_version", db.execute("PRAGMA user_version").fetchone()[0])
      print("application_id", db.execute("PRAGMA application_id").fetchone()[0])
      for table in ["people", "works", "reviews", "work_genres", "review_tags"]:
          print("rows", table, db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
      print("strict", db.execute("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%STRICT'").fetchone()[0])
      hits = db.execute("SELECT id FROM review_search WHERE review_search MATCH 'wandering' ORDER BY id").fetchall()
      print("search", ",".join(h[0] for h in hits))
      with open(sys.argv[2], newline="", encoding="utf-8") as f:
          expected = list(csv.reader(f))
      cursor = db.execute("SELECT * FROM review_sheet")
      header = [d[0] for d in cursor.description]
      got = [header] + [["" if v is None else str(v) for v in row] for row in cursor.fetchall()]
      print("sheet", "same" if got == expected else f"different: {got[:2]} / {expected[:2]}")
      """#
    let (status, output) = try Python.run(script, arguments: [path, csvPath])
    #expect(status == 0, "\(output)")
    let lines = Set(output.split(separator: "\n").map(String.init))
    #expect(lines.contains("integrity ok"), "\(output)")
    #expect(lines.contains("foreign 0"), "\(output)")
    #expect(lines.contains("user_version 1"), "\(output)")
    #expect(lines.contains("application_id 1383482744"), "\(output)")
    #expect(lines.contains("rows people \(catalog.people.count)"), "\(output)")
    #expect(lines.contains("rows works \(catalog.works.count)"), "\(output)")
    #expect(lines.contains("rows reviews \(catalog.reviews.count)"), "\(output)")
    #expect(lines.contains("rows work_genres \(catalog.works.reduce(0) { $0 + $1.genres.count })"), "\(output)")
    #expect(lines.contains("rows review_tags \(catalog.reviews.reduce(0) { $0 + $1.tags.count })"), "\(output)")
    #expect(lines.contains("strict 15"), "\(output)")
    #expect(lines.contains("sheet same"), "\(output)")
    if fixture.hasSuffix("world-cinema.json") {
      let searchLine = lines.first { $0.hasPrefix("search ") } ?? ""
      #expect(searchLine.contains("the-wandering-earth-review"), "\(output)")
    }
  }

  @Test func fullTextCanBeLeftOut() throws {
    let catalog = try Self.load("catalogs/world-cinema.json")
    let with = try Render.bytes(SQLiteExporter(), catalog)
    let without = try Render.bytes(SQLiteExporter(), catalog, options: ["full-text": "false"])
    #expect(without.count < with.count)
    let path = try Fixtures.temporaryFolder().appendingPathComponent("n.sqlite").path
    try Data(without).write(to: URL(fileURLWithPath: path))
    #expect(try Render.bytes(JSONExporter(), try Self.reread(path)) == Render.bytes(JSONExporter(), catalog))
  }

  @Test func aFileThatIsNotOursIsRefused() throws {
    let folder = try Fixtures.temporaryFolder()
    let text = folder.appendingPathComponent("t.sqlite").path
    try Data("hello".utf8).write(to: URL(fileURLWithPath: text))
    #expect(Self.problems(text).first?.contains("not a SQLite database") == true, "\(Self.problems(text))")

    let catalog = try Self.load("catalogs/world-cinema.json")
    var bytes = try Render.bytes(SQLiteExporter(), catalog)
    let truncated = folder.appendingPathComponent("cut.sqlite").path
    try Data(bytes.prefix(bytes.count / 2)).write(to: URL(fileURLWithPath: truncated))
    let cut = Self.problems(truncated)
    #expect(!cut.isEmpty && cut.allSatisfy { $0.contains("c.sqlite") }, "\(cut)")

    // application_id lives at offset 68 of the header, user_version at 60.
    bytes[68] = 0
    let other = folder.appendingPathComponent("other.sqlite").path
    try Data(bytes).write(to: URL(fileURLWithPath: other))
    #expect(Self.problems(other).first?.contains("not a review catalog") == true, "\(Self.problems(other))")
  }
}

/// Databases changed by other tools: edits within the schema read back;
/// what breaks the catalog's rules is reported with table, rowid and column;
/// what is not ours is ignored or refused, and the input is never changed.
@Suite(.enabled(if: Python.canImport("sqlite3"), "python3's sqlite3 is missing: the databases could not be edited"))
struct SQLiteEditedDatabaseTests {
  /// The fixture's database after `sql`, run by Python's sqlite3 (foreign keys off, as in the sqlite3 shell).
  static func edited(_ sql: String) throws -> String {
    let path = try SQLiteFormatTests.database(try SQLiteFormatTests.load("catalogs/world-cinema.json"))
    let (status, output) = try Python.run(
      "import sqlite3, sys\ndb = sqlite3.connect(sys.argv[1])\ndb.executescript(sys.argv[2])\ndb.commit()", arguments: [path, sql])
    #expect(status == 0, "\(output)")
    return path
  }

  @Test func editsWithinTheSchemaReadBack() throws {
    let path = try Self.edited(
      """
      INSERT INTO people (position, id, name) VALUES (100, 'new-critic', 'New Critic');
      UPDATE review_tags SET tag = 'edited' WHERE review = 'the-wandering-earth-review' AND position = 0;
      """)
    let catalog = try SQLiteFormatTests.reread(path)
    #expect(catalog.people.last == Person(id: "new-critic", name: "New Critic"))
    #expect(catalog.reviews[0].tags.first == "edited")
  }

  @Test func problemsNameTheTableTheRowAndTheColumn() throws {
    let path = try Self.edited(
      """
      INSERT INTO review_tags (review, position, tag) VALUES ('no-such-review', 0, 'x');
      UPDATE review_tags SET position = 7 WHERE review = 'the-wandering-earth-review' AND position = 1;
      UPDATE reviews SET published = '2019-02-30' WHERE position = 0;
      """)
    let problems = SQLiteFormatTests.problems(path)
    #expect(
      problems.contains { $0.contains("table review_tags, rowid") && $0.contains("column review: no row of the table reviews has the id 'no-such-review'") },
      "\(problems)")
    #expect(problems.contains { $0.contains("must run 0, 1, 2, … with none missing or repeated") }, "\(problems)")
    #expect(problems.contains { $0.contains("reviews[0].published: '2019-02-30' is not a real calendar date") }, "\(problems)")
  }

  @Test func extraTablesAndTriggersAreIgnoredAndTheFileIsNotChanged() throws {
    let path = try Self.edited(
      """
      CREATE TABLE notes (text TEXT);
      INSERT INTO notes VALUES ('mine');
      CREATE TRIGGER wipe AFTER INSERT ON notes BEGIN DELETE FROM reviews; END;
      CREATE VIEW everything AS SELECT * FROM reviews;
      """)
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    let catalog = try SQLiteFormatTests.reread(path)
    #expect(catalog.reviews.count == 3)
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
  }

  @Test func aViewInPlaceOfATableIsRefused() throws {
    let path = try Self.edited(
      """
      PRAGMA foreign_keys = OFF;
      ALTER TABLE people RENAME TO people_old;
      CREATE VIEW people AS SELECT * FROM people_old;
      """)
    let problems = SQLiteFormatTests.problems(path)
    #expect(problems == ["c.sqlite: error: people is a view, not a table; a catalog database keeps its rows in tables"], "\(problems)")
  }

  @Test func aNewerCatalogFormatIsRefused() throws {
    let path = try Self.edited("PRAGMA user_version = 2;")
    let problems = SQLiteFormatTests.problems(path)
    #expect(problems.first?.contains("newer than this review-export reads") == true, "\(problems)")
  }
}

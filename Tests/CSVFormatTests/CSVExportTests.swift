import Foundation
import CSVFormat
import JSONFormat
import ReviewCatalog
import ReviewExporting
import TestSupport
import Testing

@Suite struct CSVExportTests {
  static func load(_ path: String) throws -> Catalog {
    try CatalogLoader(registry: try FormatRegistry(readers: [JSONReader()]))
      .load(CatalogSource(name: path, bytes: try Fixtures.bytes(path)), with: JSONReader())
  }

  static func text(_ catalog: Catalog, _ options: [String: String] = [:]) throws -> String {
    String(decoding: try Render.bytes(CSVExporter(), catalog, options: options), as: UTF8.self)
  }

  /// The rows the `csv` format promises: the review projection, worked out here from the model.
  static func projection(_ catalog: Catalog, separator: String = "; ") -> [[String]] {
    let works = Dictionary(uniqueKeysWithValues: catalog.works.map { ($0.id, $0) })
    let people = Dictionary(uniqueKeysWithValues: catalog.people.map { ($0.id, $0) })
    return [CSVExporter.columns]
      + catalog.reviews.map { r in
        let w = works[r.work]!
        return [
          r.id, r.work, w.title, w.originalTitle ?? "", w.kind, w.year.map(String.init) ?? "", r.critic,
          people[r.critic]!.name, r.publication ?? "", r.published, r.headline, r.summary ?? "",
          r.rating.map { "\($0.value)" } ?? "", r.rating.map { "\($0.scale)" } ?? "", r.body,
          r.tags.joined(separator: separator), r.mentions.joined(separator: separator),
          r.quotes.map(\.text).joined(separator: separator), r.sources.map(\.name).joined(separator: separator),
        ]
      }
  }

  /// Rows as Python's csv module reads them, scalar by scalar.
  static func pythonRows(_ bytes: [UInt8], delimiter: String = ",") throws -> [[[UInt32]]] {
    let folder = try Fixtures.temporaryFolder()
    let file = folder.appendingPathComponent("out.csv")
    try Data(bytes).write(to: file)
    let script = """
      import csv, json, sys
      with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
          rows = list(csv.reader(f, delimiter=sys.argv[2], strict=True))
      print(json.dumps([[[ord(c) for c in cell] for cell in row] for row in rows]))
      """
    let result = try Python.run(script, arguments: [file.path, delimiter])
    #expect(result.status == 0, "\(result.output)")
    return try JSONDecoder().decode([[[UInt32]]].self, from: Data(result.output.utf8))
  }

  static func scalars(_ rows: [[String]]) -> [[[UInt32]]] {
    rows.map { $0.map { $0.unicodeScalars.map(\.value) } }
  }

  @Test func fixtureMatchesGoldenOutput() throws {
    let catalog = try Self.load("catalogs/world-cinema.json")
    #expect(try Fixtures.goldenDifference(Render.bytes(CSVExporter(), catalog), "golden/world-cinema.csv") == nil)
    for (name, bytes) in try Render.members(CSVTablesExporter(), catalog) {
      #expect(try Fixtures.goldenDifference(bytes, "golden/world-cinema.tables/\(name)") == nil)
    }
  }

  @Test(
    .enabled(if: Python.canImport("csv"), "python3 is not installed: the independent CSV reader did not run"),
    arguments: ["catalogs/world-cinema.json", "catalogs/hostile-strings.json"])
  func pythonsCSVReaderReadsTheProjection(_ path: String) throws {
    let catalog = try Self.load(path)
    let rows = try Self.pythonRows(try Render.bytes(CSVExporter(), catalog))
    #expect(rows == Self.scalars(Self.projection(catalog)))
  }

  @Test(
    .enabled(if: Python.canImport("csv"), "python3 is not installed: the independent CSV reader did not run"),
    arguments: [("semicolon", ";"), ("tab", "\t")])
  func otherDelimitersReadTheSame(_ option: String, _ delimiter: String) throws {
    let catalog = try Self.load("catalogs/hostile-strings.json")
    let bytes = try Render.bytes(CSVExporter(), catalog, options: ["delimiter": option, "line-ending": "lf", "quoting": "all"])
    #expect(try Self.pythonRows(bytes, delimiter: delimiter) == Self.scalars(Self.projection(catalog)))
  }

  @Test func quotingFollowsRFC4180() throws {
    let catalog = Catalog(
      info: CatalogInfo(id: "c", title: "t"), people: [Person(id: "p", name: "P")], works: [Work(id: "w", kind: "film", title: "a,b")],
      reviews: [Review(id: "r", work: "w", critic: "p", publication: "", published: "2020-01-01", headline: "say \"hi\"", body: "one\r\ntwo", tags: ["x"])])
    let text = try Self.text(catalog)
    #expect(text.hasSuffix("\r\nr,w,\"a,b\",,film,,p,P,\"\",2020-01-01,\"say \"\"hi\"\"\",,,,\"one\r\ntwo\",x,\"\",\"\",\"\"\r\n"))
    let all = try Self.text(catalog, ["quoting": "all", "line-ending": "lf"])
    #expect(all.hasSuffix("\n\"r\",\"w\",\"a,b\",,\"film\",,\"p\",\"P\",\"\",\"2020-01-01\",\"say \"\"hi\"\"\",,,,\"one\r\ntwo\",\"x\",\"\",\"\",\"\"\n"))
  }

  @Test func byteOrderMarkAndExcelProfile() throws {
    let catalog = try Self.load("catalogs/world-cinema.json")
    #expect(try Render.bytes(CSVExporter(), catalog, options: ["bom": "true"]).starts(with: [0xEF, 0xBB, 0xBF, UInt8(ascii: "i")]))
    #expect(try !Render.bytes(CSVExporter(), catalog).starts(with: [0xEF]))
    let excel = try Render.bytes(CSVExporter(), catalog, options: ["profile": "excel", "line-ending": "lf"])
    #expect(excel.starts(with: [0xEF, 0xBB, 0xBF]))
    #expect(String(decoding: excel, as: UTF8.self).contains("\r\n"))
  }

  @Test func theFormulaGuardNeutralisesEveryTrigger() throws {
    let triggers = ["=1+1", "+1", "-5", "@SUM(A1)", "\tx", "\rx"]
    let catalog = Catalog(
      info: CatalogInfo(id: "c", title: "t"), people: [Person(id: "p", name: "P")], works: [Work(id: "w", kind: "film", title: "W", year: -5)],
      reviews: triggers.enumerated().map { Review(id: "r\($0.offset)", work: "w", critic: "p", published: "2020-01-01", headline: $0.element, body: "b") })
    let off = try Self.text(catalog)
    let on = try Self.text(catalog, ["formula-guard": "true"])
    for trigger in triggers {
      let plain = trigger.contains("\r") ? "\"\(trigger)\"" : trigger
      #expect(off.contains(",\(plain),"), "\(trigger) changed with the guard off")
      let guarded = trigger.contains("\r") ? "\"'\(trigger)\"" : "'\(trigger)"
      #expect(on.contains(",\(guarded),"), "\(trigger) not guarded")
    }
    // Numbers are never guarded: work.year -5 stays a number.
    #expect(on.contains(",film,-5,"))
  }

  @Test func listsAreJoinedWithTheSeparator() throws {
    let catalog = try Self.load("catalogs/world-cinema.json")
    #expect(try Self.text(catalog).contains(",sci-fi; china; netflix,"))
    #expect(try Self.text(catalog, ["list-separator": "|"]).contains(",sci-fi|china|netflix,"))
  }
}

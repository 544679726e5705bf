import Foundation
import JSONFormat
import ReviewCatalog
import ReviewExporting
import TestSupport
import Testing
@testable import XLSXFormat

/// The workbook read by an independent reader, openpyxl: every cell is the
/// catalog's value with the right type, hostile strings included.
@Suite(.enabled(if: Python.canImport("openpyxl"), "python3's openpyxl is missing: the workbooks were not read back"))
struct XLSXFormatTests {
  static let loader = CatalogLoader(registry: try! FormatRegistry(readers: [JSONReader()]))

  static func load(_ path: String) throws -> Catalog {
    try loader.load(CatalogSource(name: path, bytes: try Fixtures.bytes(path)), with: JSONReader())
  }

  /// Every sheet's cells, as openpyxl reads them: `[sheet: [[cell]]]`, each
  /// cell `["s", text]` (OOXML's `_xHHHH_` escapes decoded, as Excel does;
  /// openpyxl leaves them), `["n", number]`, `["d", "YYYY-MM-DD"]` or `null`;
  /// and the Reviews sheet's frozen cell and filter range.
  static func sheets(_ bytes: [UInt8]) throws -> [String: Any] {
    let path = try Fixtures.temporaryFolder().appendingPathComponent("w.xlsx").path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let script = #"""
      import datetime, json, sys
      import openpyxl
      from openpyxl.utils.escape import unescape
      wb = openpyxl.load_workbook(sys.argv[1])
      def cell(v):
          if v is None: return None
          if isinstance(v, datetime.datetime): return ["d", v.date().isoformat()]
          if isinstance(v, bool): return ["b", v]
          if isinstance(v, (int, float)): return ["n", v]
          return ["s", unescape(v)]
      out = {"names": wb.sheetnames, "sheets": {}}
      for ws in wb.worksheets:
          out["sheets"][ws.title] = [[cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
      out["freeze"] = wb["Reviews"].freeze_panes
      out["filter"] = wb["Reviews"].auto_filter.ref
      print(json.dumps(out))
      """#
    let (status, output) = try Python.run(script, arguments: [path])
    #expect(status == 0, "\(output)")
    return try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
  }

  /// What the Reviews sheet must hold for `catalog`, in the reader's terms
  /// (an empty text is an empty cell, as in every spreadsheet).
  static func expectedReviews(_ catalog: Catalog) -> [[[String: Any]?]] {
    var join = ReviewJoin()
    catalog.people.forEach { join.remember($0) }
    catalog.works.forEach { join.remember($0) }
    return catalog.reviews.map { review in
      ReviewSheet.row(of: review, joining: join).map { value -> [String: Any]? in
        switch value {
        case .absent: nil
        case .text(let text): text.isEmpty ? nil : ["s": text]
        case .date(let text): ["d": text]
        case .integer(let value): value.magnitude <= 1 << 53 ? ["n": Double(value)] : ["s": String(value)]
        case .number(let value): ["n": value]
        case .list(let items): items.isEmpty ? nil : ["s": items.joined(separator: "; ")]
        }
      }
    }
  }

  static func decoded(_ cell: Any) -> [String: Any]? {
    guard let pair = cell as? [Any], pair.count == 2, let kind = pair[0] as? String else { return nil }
    if kind == "n", let number = pair[1] as? NSNumber { return ["n": number.doubleValue] }
    return [kind: pair[1]]
  }

  @Test(arguments: ["catalogs/world-cinema.json", "catalogs/hostile-strings.json", "catalogs/extreme-numbers.json"])
  func everyCellOfTheReviewsSheetIsTheCatalogsValue(_ fixture: String) throws {
    let catalog = try Self.load(fixture)
    let result = try Self.sheets(try Render.bytes(XLSXExporter(), catalog))
    #expect(result["names"] as? [String] == ["Reviews"])
    #expect(result["freeze"] as? String == "A2")
    #expect(result["filter"] as? String == "A1:S\(catalog.reviews.count + 1)")
    let rows = (result["sheets"] as! [String: Any])["Reviews"] as! [[Any]]
    #expect(rows[0].compactMap { Self.decoded($0)?["s"] as? String } == ReviewSheet.columnNames)
    let expected = Self.expectedReviews(catalog)
    #expect(rows.count == expected.count + 1)
    for (index, row) in rows.dropFirst().enumerated() {
      for (column, cell) in row.enumerated() {
        let got = Self.decoded(cell)
        let want = expected[index][column]
        #expect(
          (got == nil && want == nil) || (got.map { NSDictionary(dictionary: $0) } == want.map { NSDictionary(dictionary: $0) }),
          "reviews[\(index)].\(ReviewSheet.columnNames[column]): \(String(describing: got)) != \(String(describing: want))")
      }
    }
  }

  @Test func allSheetsCarryEveryTable() throws {
    let catalog = try Self.load("catalogs/hostile-strings.json")
    let result = try Self.sheets(try Render.bytes(XLSXExporter(), catalog, options: ["sheets": "all"]))
    let names = result["names"] as! [String]
    #expect(names == ["Reviews"] + CatalogTables.layout.tables.map { $0.name == "reviews" ? "reviews (table)" : $0.name })
    let sheets = result["sheets"] as! [String: [[Any]]]
    let people = sheets["people"]!
    #expect(people.count == catalog.people.count + 1)
    for (row, person) in zip(people.dropFirst(), catalog.people) {
      #expect(Self.decoded(row[0])?["s"] as? String == person.id)
      #expect(Self.decoded(row[1])?["s"] as? String == person.name, "\(person.id)")
    }
    let genres = sheets["work-genres"]!
    #expect(genres.count == catalog.works.reduce(0) { $0 + $1.genres.count } + 1)
    let reviews = sheets["reviews (table)"]!
    #expect(reviews.count == catalog.reviews.count + 1)
    #expect(Self.decoded(reviews[1][4])?["d"] as? String == catalog.reviews[0].published)
  }

  @Test func aFullSheetContinuesOnTheNext() throws {
    let catalog = try Self.load("catalogs/world-cinema.json")
    // Sheets of 3 rows: a header and two reviews each.
    let result = try Self.sheets(try Render.bytes(XLSXExporter(rowsPerSheet: 3), catalog, options: ["sheets": "all"]))
    let names = result["names"] as! [String]
    #expect(names.first == "Reviews")
    #expect(names.contains("Reviews (2)") && names.contains("people (2)"), "\(names)")
    let sheets = result["sheets"] as! [String: [[Any]]]
    #expect(sheets["Reviews"]!.count == 3 && sheets["Reviews (2)"]!.count == 2)
    #expect(Self.decoded(sheets["Reviews (2)"]![0][0])?["s"] as? String == "id")
    #expect(Self.decoded(sheets["Reviews (2)"]![1][0])?["s"] as? String == catalog.reviews[2].id)
  }

  @Test func theSameCatalogGivesTheSameBytes() throws {
    let catalog = try Self.load("catalogs/world-cinema.json")
    #expect(try Render.bytes(XLSXExporter(), catalog, options: ["sheets": "all"]) == Render.bytes(XLSXExporter(), catalog, options: ["sheets": "all"]))
  }

  @Test func aTextLongerThanACellIsRefusedOrCut() throws {
    var catalog = try Self.load("catalogs/world-cinema.json")
    // 20,000 characters of two UTF-16 units each: 40,000 units.
    catalog.reviews[1].body = String(repeating: "😀", count: 20_000)
    #expect {
      try Render.bytes(XLSXExporter(), catalog)
    } throws: { error in
      "\(error)".contains("reviews[1].body: 40000 characters (UTF-16 units) do not fit in a spreadsheet cell, which holds 32767")
    }
    let output = ExportDestination(sink: .memory(), options: try XLSXExporter().format.resolveOptions(["long-texts": "truncate"]))
    try XLSXExporter().export(catalog, to: output)
    #expect(output.warnings == ["cut 1 text to the 32,767 characters a cell holds"])
    let rows = ((try Self.sheets(output.sink.bytes))["sheets"] as! [String: [[Any]]])["Reviews"]!
    let body = Self.decoded(rows[2][14])?["s"] as? String
    #expect(body?.utf16.count == 32_766)
  }
}

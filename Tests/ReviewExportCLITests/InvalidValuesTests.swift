import Foundation
import TestSupport
import Testing

/// A streamed export hands each part to the exporters while it is being
/// validated, so every exporter sees the values of an invalid catalog (a
/// small catalog goes over in one batch, before any problem is known). None
/// may fail on them: the export must exit 1 with the problems and leave
/// nothing behind, whatever the value. (An xlsx export trapped on a date
/// whose month did not fit in 32 bits; a template on a rating of scale 0.)
@Suite struct InvalidValuesTests {
  static let formats = [
    "json", "xml", "yaml", "csv", "csv-tables", "sqlite", "xlsx", "jsonl", "jsonld", "atom", "markdown", "html",
  ]

  /// The fixture with `change` made to its first work and first two reviews
  /// (its head, validated before any part is written, left valid).
  static func catalog(_ change: (inout [String: Any], inout [String: Any], inout [String: Any]) -> Void) throws -> URL {
    let data = try Fixtures.bytes("catalogs/world-cinema.json")
    var root = try JSONSerialization.jsonObject(with: Data(data)) as! [String: Any]
    var works = root["works"] as! [[String: Any]]
    var reviews = root["reviews"] as! [[String: Any]]
    var (work, first, second) = (works[0], reviews[0], reviews[1])
    change(&work, &first, &second)
    (works[0], reviews[0], reviews[1]) = (work, first, second)
    root["works"] = works
    root["reviews"] = reviews
    // The members in the canonical order, so that the catalog is streamed
    // (a dictionary's order would make it read whole, and validated first).
    var text = "{"
    for key in ["formatVersion", "catalog", "people", "works", "reviews"] {
      let value = String(decoding: try JSONSerialization.data(withJSONObject: root[key]!, options: .fragmentsAllowed), as: UTF8.self)
      text += (text == "{" ? "" : ",") + "\"\(key)\":" + value
    }
    let file = try Fixtures.temporaryFolder().appendingPathComponent("invalid.json")
    try Data((text + "}").utf8).write(to: file)
    return file
  }

  /// Every date of the first work and review invalid, each differently.
  static func dates(_ dates: [String]) throws -> URL {
    try catalog { work, first, _ in
      first["published"] = dates[0]
      work["releaseDate"] = dates[1]
      var boxOffice = work["boxOffice"] as! [[String: Any]]
      boxOffice[0]["asOf"] = dates[2]
      work["boxOffice"] = boxOffice
      var rankings = work["rankings"] as! [[String: Any]]
      rankings[0]["asOf"] = dates[3]
      work["rankings"] = rankings
      var availability = work["availability"] as! [[String: Any]]
      availability[0]["from"] = dates[4]
      work["availability"] = availability
    }
  }

  @Test func noExporterFailsOnAnInvalidCatalogsValues() throws {
    var catalogs = [
      ("dates", try Self.dates(["2020-99999999999-01", "2020-01-99999999999", "99999999999-01-01", "2020-00-00", ""])),
      ("more dates", try Self.dates(["2020-13-45", "-1-01-01", "2020--01", "0-0-0", "2020-02-31T00:00"])),
    ]
    catalogs.append(
      (
        "numbers",
        try Self.catalog { work, first, second in
          work["runtimeMinutes"] = Int64.min
          work["year"] = Int64.min
          var rankings = work["rankings"] as! [[String: Any]]
          rankings[0]["rank"] = Int64.min
          work["rankings"] = rankings
          var boxOffice = work["boxOffice"] as! [[String: Any]]
          boxOffice[0]["gross"] = ["amount": -1e308, "currency": "usd"]
          work["boxOffice"] = boxOffice
          first["rating"] = ["value": 1e308, "scale": 0]
          second["rating"] = ["value": -5, "scale": Int64.min]
        }
      ))
    catalogs.append(
      (
        "references and empty texts",
        try Self.catalog { work, first, second in
          work["credits"] = [["person": "ghost", "role": "Not A Slug"]]
          work["basedOn"] = "ghost-work"
          work["title"] = ""
          work["languages"] = [""]
          work["countries"] = ["zz-ZZ"]
          first["work"] = "nope"
          first["critic"] = "nobody"
          first["mentions"] = ["x"]
          first["headline"] = ""
          first["body"] = ""
          second["sources"] = [["name": "", "url": "not a url"]]
          second["quotes"] = [["text": "", "speaker": "ghost"]]
          second["id"] = "../../etc/x\u{7}\u{0}"
          second["tags"] = ["\u{FFFF}\u{1}", String(repeating: "t", count: 40_000)]
        }
      ))
    var failures: [String] = []
    for (name, file) in catalogs {
      for format in Self.formats {
        let folder = try Fixtures.temporaryFolder()
        let outcome = try ToolRunner.run(["export", file.path, "-f", format, "-o", folder.path])
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        if outcome.status != 1 || !left.isEmpty || !outcome.stderr.contains("error:") {
          failures.append("\(name), \(format): exit \(outcome.status), left \(left), \(outcome.stderr.prefix(300))")
        }
      }
    }
    #expect(failures.isEmpty, "\(failures)")
  }
}

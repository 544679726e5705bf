import Foundation
import TestSupport
import Testing

/// What a new user meets in the first hour: outputs named as they expect,
/// config problems with their line, the config found by either name, the
/// formats for scripts.
@Suite struct NewUserTests {
  static let fixture = Fixtures.url("catalogs/world-cinema.json").path

  /// A scratch folder holding `catalog.json`.
  static func scratch() throws -> URL {
    let folder = try Fixtures.temporaryFolder()
    try FileManager.default.copyItem(atPath: fixture, toPath: folder.appendingPathComponent("catalog.json").path)
    return folder
  }

  @Test func everyFormatIntoTheInputsFolderLeavesTheInputAlone() throws {
    let folder = try Self.scratch()
    // Not canonical JSON: replacing it would lose the user's layout.
    let input = folder.appendingPathComponent("catalog.json")
    let original = try Data(contentsOf: input)
    let compact = try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: original))
    try compact.write(to: input)
    let outcome = try ToolRunner.run(["export", "catalog.json"], in: folder)
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(outcome.stderr.hasPrefix("note: json not written: it would replace the input ./catalog.json; give --output to write it elsewhere\n"))
    #expect(try Data(contentsOf: input) == compact)
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [
        "catalog.atom", "catalog.csv", "catalog.html", "catalog.json", "catalog.jsonl", "catalog.jsonld", "catalog.md", "catalog.sqlite", "catalog.tables",
        "catalog.xlsx",
        "catalog.xml",
        "catalog.yaml",
      ])
    // Asked for by name, it is still refused.
    let named = try ToolRunner.run(["export", "catalog.json", "-f", "json"], in: folder)
    #expect(named.status == 1)
    #expect(named.stderr.contains("is the input file; choose another folder with --output"))
  }

  @Test func anOutputPathWithTheFormatsExtensionNamesTheFile() throws {
    let folder = try Self.scratch()
    let json = try ToolRunner.run(["export", "catalog.json", "-f", "json", "-o", "result.json", "-q"], in: folder)
    #expect(json.status == 0)
    #expect(try Data(contentsOf: folder.appendingPathComponent("result.json")) == Data(try Fixtures.bytes("golden/world-cinema.json")))
    let tables = try ToolRunner.run(["export", "catalog.json", "-f", "csv-tables", "-o", "sub/all.tables", "-q"], in: folder)
    #expect(tables.status == 0)
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("sub/all.tables/reviews.csv").path))
    // Several formats, or an existing folder: --output is the folder.
    let several = try ToolRunner.run(["export", "catalog.json", "-f", "json,xml", "-o", "two.json", "-q"], in: folder)
    #expect(several.status == 0)
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("two.json/catalog.xml").path))
  }

  @Test func configProblemsNameTheFileAndLine() throws {
    let folder = try Self.scratch()
    let config = folder.appendingPathComponent("review-export.yml")
    try Data("formats: [json, jsno]\ncatalogs:\n  - input: catalog.json\n".utf8).write(to: config)
    let format = try ToolRunner.run(["export", "-o", "out"], in: folder)
    #expect(format.status == 1)
    #expect(
      format.stderr
        == "\(config.path):1: error: unknown format 'jsno'; did you mean 'json'? known formats: json, xml, yaml, csv, csv-tables, sqlite, xlsx, jsonl, jsonld, atom, markdown, html, or all\n"
    )
    try Data("formats: [json]\noptions:\n  xml.indent: 4\n  json.indnt: 4\ncatalogs:\n  - input: catalog.json\n".utf8).write(to: config)
    let option = try ToolRunner.run(["export", "-o", "out"], in: folder)
    #expect(option.status == 1)
    #expect(option.stderr.hasPrefix("\(config.path):4: error: unknown option 'indnt' for format 'json'"), "\(option.stderr)")
    #expect(!option.stderr.contains("Usage:"))
  }

  @Test func theConfigIsFoundAsYamlToo() throws {
    let folder = try Self.scratch()
    try Data("formats: [yaml]\noutput: out\ncatalogs:\n  - input: catalog.json\n".utf8).write(to: folder.appendingPathComponent("review-export.yaml"))
    let outcome = try ToolRunner.run(["export", "-q"], in: folder)
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/catalog.yaml").path))
    try Data("formats: [json]\n".utf8).write(to: folder.appendingPathComponent("review-export.yml"))
    let both = try ToolRunner.run(["export", "-q"], in: folder)
    #expect(both.status == 1)
    #expect(both.stderr.contains("review-export.yaml:1: error: review-export.yml is beside it; keep one config file"), "\(both.stderr)")
  }

  @Test func formatsAsJSONForScripts() throws {
    let outcome = try ToolRunner.run(["formats", "--json"])
    #expect(outcome.status == 0)
    let document = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as! [String: Any]
    let formats = document["formats"] as! [[String: Any]]
    #expect(
      formats.map { $0["name"] as! String } == ["json", "xml", "yaml", "csv", "csv-tables", "sqlite", "xlsx", "jsonl", "jsonld", "atom", "markdown", "html"])
    let json = formats[0]
    #expect(json["extension"] as? String == "json")
    #expect(json["mediaType"] as? String == "application/json")
    #expect(json["readable"] as? Bool == true)
    let indent = (json["options"] as! [[String: Any]]).first { $0["name"] as? String == "indent" }!
    #expect(indent["type"] as? String == "integer")
    #expect(indent["default"] as? Int == 2)
    #expect(indent["maximum"] as? Int == 16)
    #expect(formats[4]["layout"] as? String == "folder")
  }

  @Test func csvTablesHaveTheFormulaGuardToo() throws {
    let folder = try Fixtures.temporaryFolder()
    let outcome = try ToolRunner.run([
      "export", Fixtures.url("catalogs/hostile-strings.json").path, "-f", "csv-tables", "-o", folder.path, "-q",
      "-O", "csv-tables.formula-guard=true",
    ])
    #expect(outcome.status == 0)
    let rankings = try String(contentsOf: folder.appendingPathComponent("hostile-strings.tables/work-rankings.csv"), encoding: .utf8)
    #expect(rankings.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "\(rankings)")
  }
}

import Foundation
import TestSupport
import Testing

/// The built `review-export` binary, run as a user runs it.
@Suite struct CommandLineTests {
  static let fixture = "Fixtures/catalogs/world-cinema.json"

  @Test func exportWritesTheCanonicalJSONFile() throws {
    let folder = try Fixtures.temporaryFolder()
    let outcome = try ToolRunner.run(["export", Self.fixture, "--format", "json", "--output", folder.path])
    #expect(outcome.status == 0)
    #expect(outcome.stdout.isEmpty)
    #expect(outcome.stderr.hasPrefix("wrote \(folder.path)/world-cinema.json (json, "))
    let written = [UInt8](try Data(contentsOf: folder.appendingPathComponent("world-cinema.json")))
    #expect(written == (try Fixtures.bytes("golden/world-cinema.json")))
  }

  @Test func exportWithNoFormatWritesEveryFormatIntoANewFolder() throws {
    let folder = try Fixtures.temporaryFolder().appendingPathComponent("exports")
    let outcome = try ToolRunner.run(["export", Self.fixture, "-o", folder.path, "--quiet"])
    #expect(outcome.status == 0)
    #expect(outcome.stderr.isEmpty)
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [
        "world-cinema.atom", "world-cinema.csv", "world-cinema.html", "world-cinema.json", "world-cinema.jsonl", "world-cinema.jsonld", "world-cinema.md",
        "world-cinema.sqlite",
        "world-cinema.tables",
        "world-cinema.xlsx", "world-cinema.xml",
        "world-cinema.yaml",
      ])
    #expect([UInt8](try Data(contentsOf: folder.appendingPathComponent("world-cinema.xml"))) == (try Fixtures.bytes("golden/world-cinema.xml")))
  }

  @Test func stdoutCarriesOnlyTheOutput() throws {
    let outcome = try ToolRunner.run(["export", Self.fixture, "--format", "json", "--stdout"])
    #expect(outcome.status == 0)
    #expect(outcome.stdoutBytes == (try Fixtures.bytes("golden/world-cinema.json")))
    #expect(outcome.stderr.isEmpty)
  }

  @Test func outputDashIsStandardOutput() throws {
    let folder = try Fixtures.temporaryFolder()
    let outcome = try ToolRunner.run(["export", Fixtures.root.appendingPathComponent(Self.fixture).path, "-f", "json", "-o", "-"], in: folder)
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(outcome.stdoutBytes == (try Fixtures.bytes("golden/world-cinema.json")))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [], "no folder named '-'")
    let both = try ToolRunner.run(["export", Fixtures.root.appendingPathComponent(Self.fixture).path, "-f", "json", "-o", "-", "--stdout"], in: folder)
    #expect(both.status == 64)
    #expect(both.stderr.contains("--stdout and --output - say the same; give one"))
    let many = try ToolRunner.run(["export", Fixtures.root.appendingPathComponent(Self.fixture).path, "-f", "json,csv", "-o", "-"], in: folder)
    #expect(many.status == 64)
    #expect(many.stderr.contains("--stdout writes one format"))
  }

  @Test func standardInputNeedsAnInputFormat() throws {
    let input = try Fixtures.bytes("catalogs/world-cinema.json")
    let outcome = try ToolRunner.run(["export", "-", "--input-format", "json", "--stdout", "-f", "json"], stdin: input)
    #expect(outcome.status == 0)
    #expect(outcome.stdoutBytes == (try Fixtures.bytes("golden/world-cinema.json")))
    // A usage error, as for every other argument.
    let missing = try ToolRunner.run(["validate", "-"], stdin: input)
    #expect(missing.status == 64)
    #expect(missing.stderr.hasPrefix("Error: reading standard input needs --input-format (one of json, xml, yaml, csv-tables, sqlite, jsonl)\n"))
    let upper = try ToolRunner.run(["export", "-", "--input-format", "JSON", "--stdout", "-f", "JSON"], stdin: input)
    #expect(upper.status == 0, "\(upper.stderr)")
    #expect(upper.stdoutBytes == (try Fixtures.bytes("golden/world-cinema.json")))
    let misspelt = try ToolRunner.run(["validate", "-", "--input-format", "jsno"], stdin: input)
    #expect(misspelt.status == 64)
    #expect(misspelt.stderr.contains("did you mean 'json'?"))
  }

  @Test(arguments: ["many-problems", "syntax-error", "wrong-type"])
  func validatePrintsEveryProblemAndExits1(_ name: String) throws {
    let outcome = try ToolRunner.run(["validate", "\(name).json"], in: Fixtures.url("invalid"))
    #expect(outcome.status == 1)
    #expect(outcome.stdout.isEmpty)
    #expect(outcome.stderr == String(decoding: try Fixtures.bytes("invalid/\(name).expected"), as: UTF8.self))
  }

  @Test func validateAcceptsAValidCatalog() throws {
    let outcome = try ToolRunner.run(["validate", Self.fixture])
    #expect(outcome.status == 0)
    #expect(outcome.stdout == "\(Self.fixture): valid catalog with 9 people, 4 works and 3 reviews\n")
  }

  @Test func anInvalidCatalogWritesNothing() throws {
    let folder = try Fixtures.temporaryFolder()
    let outcome = try ToolRunner.run(["export", Fixtures.url("invalid/many-problems.json").path, "-o", folder.path])
    #expect(outcome.status == 1)
    #expect(outcome.stderr.contains("reviews[0].rating.value: 7.5 is above the rating's scale of 5"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
  }

  /// Every invalid fixture, exported to every format at once (the default):
  /// each exporter is handed parts before validation has caught up with
  /// them, and none may fail on what it is handed (a rating on a scale of
  /// 0 made the templates' percentage crash the process, leaving its
  /// temporary files behind). Each gives its problems as `validate` does, and
  /// the folder stays empty, hidden files included.
  @Test func everyInvalidFixtureExportedToEveryFormatWritesNothingAndSaysWhy() throws {
    for name in try Fixtures.names(in: "invalid", withExtension: "json") {
      let folder = try Fixtures.temporaryFolder()
      let outcome = try ToolRunner.run(["export", "\(name).json", "-o", folder.path], in: Fixtures.url("invalid"))
      #expect(outcome.status == 1, "\(name): \(outcome.stderr)")
      #expect(outcome.stderr == String(decoding: try Fixtures.bytes("invalid/\(name).expected"), as: UTF8.self), "\(name)")
      #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [], "\(name)")
    }
  }

  @Test func badArgumentsExitWithTheUsageCode() throws {
    let unknown = try ToolRunner.run(["export", Self.fixture, "--format", "yml", "--stdout"])
    #expect(unknown.status == 64)
    #expect(
      unknown.stderr.contains(
        "unknown format 'yml'; did you mean 'yaml'? known formats: json, xml, yaml, csv, csv-tables, sqlite, xlsx, jsonl, jsonld, atom, markdown, html, or all")
    )
    let command = try ToolRunner.run(["exprot", Self.fixture])
    #expect(command.status == 64)
    #expect(command.stderr.hasPrefix("Error: unknown command 'exprot'; did you mean 'export'?\n"))
    let flag = try ToolRunner.run(["export", Self.fixture, "--outptu", "x"])
    #expect(flag.status == 64)
    #expect(flag.stderr.contains("Did you mean '--output'?"))
    let both = try ToolRunner.run(["export", Self.fixture, "-f", "json", "--stdout", "-o", "x"])
    #expect(both.status == 64)
    #expect(both.stderr.contains("--stdout and --output both say where the output goes; give one"))
    let option = try ToolRunner.run(["export", Self.fixture, "--option", "json.indent=wide", "--stdout"])
    #expect(option.status == 64)
    #expect(option.stderr.contains("option 'json.indent' takes integer 0...16, not 'wide'"))
    let shape = try ToolRunner.run(["export", Self.fixture, "--option", "indent=4"])
    #expect(shape.status == 64)
    #expect(shape.stderr.contains("must look like FORMAT.KEY=VALUE"))
  }

  @Test func missingFilesAndUnknownExtensionsAreClearErrors() throws {
    let missing = try ToolRunner.run(["validate", "nowhere.json"])
    #expect(missing.status == 1)
    #expect(missing.stderr == "review-export: error: nowhere.json: no such file\n")
    let folder = try Fixtures.temporaryFolder()
    let path = folder.appendingPathComponent("catalog.txt").path
    _ = FileManager.default.createFile(atPath: path, contents: Data("{}".utf8))
    let unknown = try ToolRunner.run(["validate", path])
    #expect(unknown.status == 1)
    #expect(
      unknown.stderr.contains(
        "cannot tell the catalog's format from its extension; use .json, .xml, .yaml, .yml, .tables, .sqlite, .sqlite3, .db, .jsonl, or --input-format"))
  }

  @Test func theInputIsNeverOverwritten() throws {
    let folder = try Fixtures.temporaryFolder()
    let input = folder.appendingPathComponent("c.json")
    try Data(try Fixtures.bytes("catalogs/world-cinema.json")).write(to: input)
    let outcome = try ToolRunner.run(["export", "c.json", "-f", "json"], in: folder)
    #expect(outcome.status == 1)
    #expect(outcome.stderr.contains("is the input file; choose another folder with --output"))
    #expect([UInt8](try Data(contentsOf: input)) == (try Fixtures.bytes("catalogs/world-cinema.json")))
  }

  @Test func formatsListsEveryFormatWithItsOptions() throws {
    let outcome = try ToolRunner.run(["formats"])
    #expect(outcome.status == 0)
    #expect(outcome.stdout.contains("json  (.json, application/json, also read as input)"))
    #expect(outcome.stdout.contains("--option json.indent=<integer 0...16>  (default: 2)"))
  }

  @Test func xmlReadsBackToTheSameCatalog() throws {
    let folder = try Fixtures.temporaryFolder()
    #expect(try ToolRunner.run(["export", Self.fixture, "-f", "xml", "-o", folder.path, "-q"]).status == 0)
    let back = try ToolRunner.run(["export", folder.appendingPathComponent("world-cinema.xml").path, "-f", "json", "--stdout"])
    #expect(back.status == 0)
    #expect(back.stdoutBytes == (try Fixtures.bytes("golden/world-cinema.json")))
  }

  @Test func theYAMLFixtureExportsToEveryFormat() throws {
    let folder = try Fixtures.temporaryFolder()
    let outcome = try ToolRunner.run(["export", "Fixtures/catalogs/world-cinema.yaml", "--format", "all", "-o", folder.path, "-q"])
    #expect(outcome.status == 0)
    for ext in ["json", "xml", "yaml"] {
      let written = [UInt8](try Data(contentsOf: folder.appendingPathComponent("world-cinema.\(ext)")))
      #expect(written == (try Fixtures.bytes("golden/world-cinema.\(ext)")), "\(ext)")
    }
  }

  @Test func sqliteReadsBackAndAnUnchangedDatabaseIsLeftAlone() throws {
    let folder = try Fixtures.temporaryFolder()
    let first = try ToolRunner.run(["export", Self.fixture, "-f", "sqlite", "-o", folder.path])
    #expect(first.status == 0, "\(first.stderr)")
    let database = folder.appendingPathComponent("world-cinema.sqlite")
    let written = try Data(contentsOf: database)
    // A second run, another process, builds the same bytes: the file is left as it is.
    let again = try ToolRunner.run(["export", Self.fixture, "-f", "sqlite", "-o", folder.path])
    #expect(again.stderr.contains("unchanged"), "\(again.stderr)")
    #expect(try ToolRunner.run(["export", Self.fixture, "-f", "sqlite", "-o", folder.path, "--check"]).status == 0)
    #expect(try Data(contentsOf: database) == written)
    // Nothing else is left in the folder: no scratch file, no journal.
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["world-cinema.sqlite"])
    let back = try ToolRunner.run(["export", database.path, "--format", "json", "--stdout"])
    #expect(back.status == 0, "\(back.stderr)")
    #expect(back.stdoutBytes == (try Fixtures.bytes("golden/world-cinema.json")))
  }

  @Test func validateForJSONLDSaysWhatSearchEnginesWillMiss() throws {
    let outcome = try ToolRunner.run(["validate", Self.fixture, "--for", "jsonld"])
    #expect(outcome.status == 0)
    #expect(outcome.stdout.hasSuffix("valid catalog with 9 people, 4 works and 3 reviews\n"))
    #expect(
      outcome.stderr.contains(
        "warning: jsonld: 1 review has no rating (reviews[2]): Google shows a review snippet only for a review with a reviewRating"),
      "\(outcome.stderr)")
    #expect(outcome.stderr.contains("warning: jsonld: 3 works are Movies, and the catalog format has no image for a work"))
    #expect(outcome.stderr.contains("2 works have no rated review, so no aggregateRating (wolf-warrior-2, 2001-a-space-odyssey)"))
    let unknown = try ToolRunner.run(["validate", Self.fixture, "--for", "pdf"])
    #expect(unknown.status == 64)
  }

  @Test func schemaJSONPrintsTheJSONSchema() throws {
    let outcome = try ToolRunner.run(["schema", "json"])
    #expect(outcome.status == 0)
    let schema = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
    #expect(schema?["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
    #expect((schema?["required"] as? [String]) == ["formatVersion", "catalog", "people", "works", "reviews"])
  }

  @Test func aFailedExportLeavesNoScratchDatabase() throws {
    let folder = try Fixtures.temporaryFolder()
    // XML cannot carry U+0001, so the job fails after the database was begun.
    let outcome = try ToolRunner.run(["export", "Fixtures/catalogs/hostile-strings.json", "-f", "sqlite,xml", "-o", folder.path])
    #expect(outcome.status == 1)
    #expect(outcome.stderr.contains("nothing was written"), "\(outcome.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [])
  }

  @Test func csvTablesReadBackAndReplaceAnOlderFolder() throws {
    let folder = try Fixtures.temporaryFolder()
    #expect(try ToolRunner.run(["export", Self.fixture, "-f", "csv-tables", "-o", folder.path, "-q"]).status == 0)
    let tables = folder.appendingPathComponent("world-cinema.tables")
    try Data("stale".utf8).write(to: tables.appendingPathComponent("stale.csv"))
    // A second export replaces the whole folder.
    #expect(try ToolRunner.run(["export", Self.fixture, "-f", "csv-tables", "-o", folder.path, "-q"]).status == 0)
    #expect(!FileManager.default.fileExists(atPath: tables.appendingPathComponent("stale.csv").path))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["world-cinema.tables"])
    let back = try ToolRunner.run(["export", tables.path, "--format", "json", "--stdout"])
    #expect(back.status == 0)
    #expect(back.stdoutBytes == (try Fixtures.bytes("golden/world-cinema.json")))
    let stdout = try ToolRunner.run(["export", Self.fixture, "-f", "csv-tables", "--stdout"])
    #expect(stdout.status == 1)
    #expect(stdout.stderr.contains("csv-tables writes a folder of files, which cannot go to standard output; use --output"))
  }

  @Test func schemaPrintsTheXSD() throws {
    let outcome = try ToolRunner.run(["schema", "xml"])
    #expect(outcome.status == 0)
    #expect(outcome.stdout.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"))
    #expect(outcome.stdout.contains("targetNamespace=\"urn:review-export:catalog:1\""))
    let unknown = try ToolRunner.run(["schema", "csv"])
    #expect(unknown.status == 64)
    #expect(unknown.stderr.contains("no schema for format 'csv'; formats with a schema: json, xml"))
  }

  @Test func xmlCharacterPolicyFromTheCommandLine() throws {
    let folder = try Fixtures.temporaryFolder()
    let hostile = Fixtures.url("catalogs/hostile-strings.json").path
    let failed = try ToolRunner.run(["export", hostile, "-f", "json,xml", "-o", folder.path])
    #expect(failed.status == 1)
    #expect(
      failed.stderr
        == "review-export: error: xml: people[2].name: U+0001 cannot be written in XML 1.0, which has no way to carry it; fix the text, or use --option xml.invalid-characters=replace to write U+FFFD instead; nothing was written\n"
    )
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    let replaced = try ToolRunner.run(["export", hostile, "-f", "xml", "-o", folder.path, "-O", "xml.invalid-characters=replace"])
    #expect(replaced.status == 0)
    #expect(replaced.stderr.hasPrefix("xml: replaced 60 characters that XML 1.0 cannot carry with U+FFFD\n"))
  }

  @Test func versionIsPrinted() throws {
    let outcome = try ToolRunner.run(["--version"])
    #expect(outcome.status == 0)
    #expect(outcome.stdout.hasPrefix("0.1.0 (libxml2 2."))
    #expect(outcome.stdout.contains(", libyaml 0."))
  }
}

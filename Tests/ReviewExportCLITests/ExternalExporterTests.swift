import ExternalFormat
import Foundation
import JSONFormat
import TestSupport
import Testing

/// External exporters (programs named review-export-<name>), run through the built tool.
@Suite struct ExternalExporterTests {
  static let fixture = "Fixtures/catalogs/world-cinema.json"
  static let examples = Fixtures.url("plugins").path
  static let misbehaving = Fixtures.url("plugins/misbehaving").path

  static func export(_ format: String, _ extra: [String] = []) throws -> (ToolRunner.Outcome, URL) {
    let folder = try Fixtures.temporaryFolder()
    let outcome = try ToolRunner.run(
      ["export", fixture, "-f", format, "-o", folder.path, "--plugin-path", examples, "--plugin-path", misbehaving] + extra)
    return (outcome, folder)
  }

  static func files(_ folder: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
  }

  @Test func formatsListsExternalFormatsAndWhyOthersWereRefused() throws {
    let outcome = try ToolRunner.run(["formats", "--plugin-path", Self.examples, "--plugin-path", Self.misbehaving])
    #expect(outcome.status == 0)
    #expect(outcome.stdout.contains("letterboxd  (.csv, text/csv, external: \(Self.examples)/review-export-letterboxd)"))
    #expect(outcome.stdout.contains("--option letterboxd.include-review=<boolean>  (default: true)"))
    #expect(outcome.stdout.contains("headlines  (.txt, text/plain, external: \(Self.examples)/review-export-headlines)"))
    #expect(
      outcome.stderr.contains(
        "warning: external format 'json' is not available: \(Self.misbehaving)/review-export-json is refused: 'json' is a built-in format; rename the program"))
    #expect(
      outcome.stderr.contains(
        "warning: external format 'notexec' is not available: \(Self.misbehaving)/review-export-notexec is not executable; run chmod +x on it"))
    #expect(
      outcome.stderr.contains(
        "warning: external format 'baddescribe' is not available: \(Self.misbehaving)/review-export-baddescribe: its 'describe' output is not a JSON object of the protocol's shape"
      ))
  }

  @Test func pythonAndShellExportersRunBesideBuiltInFormats() throws {
    let (outcome, folder) = try Self.export("json,letterboxd,headlines", ["-O", "headlines.prefix=* ", "-q"])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(try Self.files(folder) == ["world-cinema.csv", "world-cinema.json", "world-cinema.txt"])
    #expect(
      try String(contentsOf: folder.appendingPathComponent("world-cinema.txt"), encoding: .utf8) == """
        * Moving the planet, and the family on it
        * The short book behind the long voyage
        * An action hit with a flag in every frame

        """)
    let letterboxd = try String(contentsOf: folder.appendingPathComponent("world-cinema.csv"), encoding: .utf8)
    #expect(letterboxd.hasPrefix("Title,Year,Rating,WatchedDate,Review\nThe Wandering Earth,2019,3.5,2019-05-20,\"The sun is swelling"))
    #expect(letterboxd.contains("\nWolf Warrior 2,2017,,2018-03-01,A record-setting action film"))
  }

  /// Built-in formats alone need no external program: no folder is listed,
  /// so a program shadowing a built-in name is not even looked at (the
  /// `formats` command, which wants every name, still reports it); one
  /// external format wanted and the folders are searched again.
  @Test func builtInFormatsAloneSearchNoFolder() {
    func discover(_ wanted: Set<String>) -> ExternalFormats.Discovery {
      ExternalFormats.discover(
        in: [Self.misbehaving, Self.examples], reserved: ["json", "xml"], wanted: wanted, exportTimeout: 5, canonicalJSON: JSONExporter())
    }
    let builtIn = discover(["json", "xml"])
    #expect(builtIn.exporters.isEmpty && builtIn.refused.isEmpty)
    let mixed = discover(["json", "headlines"])
    #expect(mixed.exporters.map(\.format.name) == ["headlines"])
    #expect(mixed.refused.map(\.0) == ["json"])
  }

  @Test func theEnvironmentVariableAndPATHFindExporters() throws {
    let folder = try Fixtures.temporaryFolder()
    let viaVariable = try ToolRunner.run(
      ["export", Self.fixture, "-f", "headlines", "--stdout"], environment: ["REVIEW_EXPORT_EXPORTER_PATH": Self.examples])
    #expect(viaVariable.status == 0)
    #expect(viaVariable.stdout.hasPrefix("- Moving the planet"))
    // The older names still work.
    let viaOldVariable = try ToolRunner.run(
      ["export", Self.fixture, "-f", "headlines", "--stdout"], environment: ["REVIEW_EXPORT_PLUGIN_PATH": Self.examples])
    #expect(viaOldVariable.stdout.hasPrefix("- Moving the planet"))
    let viaFlag = try ToolRunner.run(["export", Self.fixture, "-f", "headlines", "--stdout", "--exporter-path", Self.examples, "--exporter-timeout", "30"])
    #expect(viaFlag.stdout.hasPrefix("- Moving the planet"), "\(viaFlag.stderr)")
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    let viaPATH = try ToolRunner.run(
      ["export", Self.fixture, "-f", "headlines", "-o", folder.path, "-q"], environment: ["PATH": "\(Self.examples):\(path)"])
    #expect(viaPATH.status == 0)
    #expect(try Self.files(folder) == ["world-cinema.txt"])
  }

  @Test func allDoesNotRunExternalPrograms() throws {
    let (outcome, folder) = try Self.export("all", ["-q"])
    #expect(outcome.status == 0)
    #expect(
      try Self.files(folder) == [
        "world-cinema.atom", "world-cinema.csv", "world-cinema.html", "world-cinema.json", "world-cinema.jsonl", "world-cinema.jsonld", "world-cinema.md",
        "world-cinema.sqlite",
        "world-cinema.tables",
        "world-cinema.xlsx", "world-cinema.xml",
        "world-cinema.yaml",
      ])
  }

  @Test func optionsAreCheckedBeforeAnythingRuns() throws {
    let (bad, folder) = try Self.export("letterboxd", ["-O", "letterboxd.include-review=maybe"])
    #expect(bad.status == 64)
    #expect(bad.stderr.contains("option 'letterboxd.include-review' takes boolean, not 'maybe'"))
    let (unknown, _) = try Self.export("letterboxd", ["-O", "letterboxd.stars=5"])
    #expect(unknown.status == 64)
    #expect(unknown.stderr.contains("unknown option 'stars' for format 'letterboxd': it accepts include-review"))
    #expect(try Self.files(folder).isEmpty)
  }

  @Test func aFailingProgramWritesNothing() throws {
    let (outcome, folder) = try Self.export("json,fails")
    #expect(outcome.status == 1)
    #expect(
      outcome.stderr
        == "review-export: error: fails: review-export-fails failed with exit status 3: cannot export: the printer is on fire; nothing was written\n")
    #expect(try Self.files(folder).isEmpty)
  }

  @Test func aHangingProgramIsStoppedAtItsTimeout() throws {
    let start = Date()
    let (outcome, folder) = try Self.export("hangs", ["--plugin-timeout", "1"])
    #expect(outcome.status == 1)
    #expect(outcome.stderr.contains("review-export-hangs did not finish within 1 s and was stopped"))
    #expect(try Self.files(folder).isEmpty)
    #expect(Date().timeIntervalSince(start) < 60)
  }

  @Test func floodingStandardErrorNeitherBlocksNorFloodsUs() throws {
    let (outcome, folder) = try Self.export("floods")
    #expect(outcome.status == 1)
    #expect(outcome.stderr.contains("review-export-floods failed with exit status 1: xxxx"))
    #expect(outcome.stderr.contains(" […]; nothing was written"))
    #expect(outcome.stderr.utf8.count < 20_000)
    #expect(try Self.files(folder).isEmpty)
  }

  @Test func crashesAndBadDescriptionsAreClearErrors() throws {
    let (crash, folder) = try Self.export("crashes")
    #expect(crash.status == 1)
    #expect(crash.stderr.contains("review-export-crashes crashed (signal 11)"))
    let (bad, _) = try Self.export("baddescribe")
    #expect(bad.status == 64)
    #expect(
      bad.stderr.contains("format 'baddescribe' cannot be used: \(Self.misbehaving)/review-export-baddescribe: its 'describe' output is not a JSON object"))
    let (notexec, _) = try Self.export("notexec")
    #expect(notexec.status == 64)
    #expect(notexec.stderr.contains("is not executable; run chmod +x on it"))
    #expect(try Self.files(folder).isEmpty)
  }

  @Test func twoFormatsMayNotWriteTheSameFile() throws {
    let (outcome, folder) = try Self.export("csv,letterboxd")
    #expect(outcome.status == 1)
    #expect(outcome.stderr.contains("formats csv and letterboxd would both write"))
    #expect(try Self.files(folder).isEmpty)
  }
}

import Foundation
import TestSupport
import Testing

/// What people who run this every day rely on: unchanged files stay
/// untouched, --check for CI, and an interrupted export leaves nothing behind.
@Suite struct SafetyTests {
  static let fixture = "Fixtures/catalogs/world-cinema.json"

  static func modificationDate(_ url: URL) throws -> Date {
    try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as! Date
  }

  @Test func anExportThatChangesNothingLeavesFilesAndTimestampsAlone() throws {
    let folder = try Fixtures.temporaryFolder()
    #expect(try ToolRunner.run(["export", Self.fixture, "-f", "json,csv-tables", "-o", folder.path, "-q"]).status == 0)
    let json = folder.appendingPathComponent("world-cinema.json")
    let old = Date(timeIntervalSince1970: 1_000_000_000)
    try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: json.path)
    let again = try ToolRunner.run(["export", Self.fixture, "-f", "json,csv-tables", "-o", folder.path])
    #expect(again.status == 0)
    #expect(again.stderr.contains("unchanged \(json.path) (json, "))
    #expect(try Self.modificationDate(json) == old)
  }

  @Test func checkListsWhatWouldChangeAndWritesNothing() throws {
    let folder = try Fixtures.temporaryFolder()
    #expect(try ToolRunner.run(["export", Self.fixture, "-f", "json,xml", "-o", folder.path, "-q"]).status == 0)
    let upToDate = try ToolRunner.run(["export", Self.fixture, "-f", "json,xml", "-o", folder.path, "--check"])
    #expect(upToDate.status == 0)
    #expect(upToDate.stderr == "up to date: 2 outputs\n")
    let xml = folder.appendingPathComponent("world-cinema.xml")
    let before = try Data(contentsOf: xml)
    let stale = try ToolRunner.run(["export", Self.fixture, "-f", "json,xml,yaml", "-o", folder.path, "-O", "xml.indent=4", "--check"])
    #expect(stale.status == 1)
    #expect(stale.stdout == "would change: \(xml.path)\nwould change: \(folder.path)/world-cinema.yaml\n")
    #expect(try Data(contentsOf: xml) == before)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["world-cinema.json", "world-cinema.xml"])
  }

  @Test(arguments: [SIGINT, SIGTERM])
  func anInterruptedExportRemovesItsTemporariesAndKeepsExistingOutputs(_ signalNumber: Int32) throws {
    let folder = try Fixtures.temporaryFolder()
    let json = folder.appendingPathComponent("world-cinema.json")
    try Data("old json\n".utf8).write(to: json)
    let process = Process()
    process.executableURL = ToolRunner.executable
    process.arguments = [
      "export", Self.fixture, "-f", "json,hangs", "-o", folder.path, "--plugin-path", Fixtures.url("plugins/misbehaving").path,
    ]
    process.currentDirectoryURL = Fixtures.root
    process.standardError = FileHandle.nullDevice
    try process.run()
    // Wait until the export is mid-way: both temporaries exist, the slow program runs.
    let deadline = Date().addingTimeInterval(30)
    while try FileManager.default.contentsOfDirectory(atPath: folder.path).filter({ $0.hasPrefix(".review-export-tmp-") }).count < 2 {
      #expect(Date() < deadline, "the export never got under way")
      if Date() >= deadline { break }
      Thread.sleep(forTimeInterval: 0.05)
    }
    Thread.sleep(forTimeInterval: 0.3)
    kill(process.processIdentifier, signalNumber)
    process.waitUntilExit()
    #expect(process.terminationReason == .exit)
    #expect(process.terminationStatus == 128 + signalNumber)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["world-cinema.json"])
    #expect(try String(contentsOf: json, encoding: .utf8) == "old json\n")
  }
}

/// Progress goes to a terminal only.
@Suite struct ProgressTests {
  static var script: String? {
    ["/usr/bin/script", "/bin/script"].first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  @Test(.enabled(if: script != nil, "util-linux's script is not installed: the terminal check did not run"))
  func progressIsShownOnATerminalAndNeverInAPipe() throws {
    let folder = try Fixtures.temporaryFolder()
    let command = "\(ToolRunner.executable.path) export Fixtures/catalogs/world-cinema.json -f json -o \(folder.path)"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Self.script!)
    process.arguments = ["-qec", command, "/dev/null"]
    process.currentDirectoryURL = Fixtures.root
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(text.contains("reading Fixtures/catalogs/world-cinema.json…"))
    #expect(text.contains("\r\u{1B}[2K"))
    let piped = try ToolRunner.run(["export", "Fixtures/catalogs/world-cinema.json", "-f", "json", "-o", folder.path])
    #expect(!piped.stderr.contains("reading"))
    #expect(!piped.stderr.contains("\u{1B}"))
    let quiet = try ToolRunner.run(["export", "Fixtures/catalogs/world-cinema.json", "-f", "json", "-o", folder.path, "-q"])
    #expect(quiet.stderr.isEmpty)
  }
}

/// Writing only where it should, and reading only what it should.
@Suite struct WritingPlacesTests {
  static let fixture = Fixtures.url("catalogs/world-cinema.json").path

  @Test(arguments: ["../../escaped-name", "/abs", "..", ".hidden", "a/b"])
  func aConfigNameMayNotLeaveTheOutputFolder(_ name: String) throws {
    let folder = try Fixtures.temporaryFolder()
    let config = folder.appendingPathComponent("review-export.yml")
    try Data("output: out\ncatalogs:\n  - input: \(Self.fixture)\n    name: \(name)\n".utf8).write(to: config)
    let outcome = try ToolRunner.run(["export", "-f", "json"], in: folder)
    #expect(outcome.status == 1)
    #expect(outcome.stderr.contains("review-export.yml:4: error: name '\(name)' must be a file name without '/'"), "\(outcome.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["review-export.yml"])
  }

  @Test func aConfigNestedThousandsDeepIsRefusedAtOnce() throws {
    let folder = try Fixtures.temporaryFolder()
    try Data(("formats: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n").utf8)
      .write(to: folder.appendingPathComponent("review-export.yml"))
    let start = Date()
    let outcome = try ToolRunner.run(["export", "-f", "json"], in: folder)
    #expect(outcome.status == 1)
    #expect(outcome.stderr.contains("review-export.yml:1: error: '[…]' and '{…}' may hold one level"), "\(outcome.stderr)")
    #expect(Date().timeIntervalSince(start) < 10)
  }

  @Test func anInputInsideAFolderOutputIsRefused() throws {
    let out = try Fixtures.temporaryFolder()
    let tables = out.appendingPathComponent("world-cinema.tables")
    try FileManager.default.createDirectory(at: tables, withIntermediateDirectories: true)
    let input = tables.appendingPathComponent("world-cinema.json")
    try FileManager.default.copyItem(atPath: Self.fixture, toPath: input.path)
    let outcome = try ToolRunner.run(["export", input.path, "-f", "csv-tables", "-o", out.path])
    #expect(outcome.status == 1)
    #expect(outcome.stderr.contains("is inside \(tables.path), which the csv-tables export replaces whole"))
    #expect(FileManager.default.fileExists(atPath: input.path))
  }

  @Test func anOutputUnderAFileAndAFolderInputAreClearErrors() throws {
    let folder = try Fixtures.temporaryFolder()
    let file = folder.appendingPathComponent("afile")
    try Data("x".utf8).write(to: file)
    let under = try ToolRunner.run(["export", Self.fixture, "-f", "json", "-o", file.path + "/sub"])
    #expect(under.status == 1)
    #expect(under.stderr == "review-export: error: cannot create the folder \(file.path)/sub: \(file.path) is a file; choose another --output\n")
    let named = folder.appendingPathComponent("x.json")
    try FileManager.default.createDirectory(at: named, withIntermediateDirectories: false)
    let folderInput = try ToolRunner.run(["validate", named.path])
    #expect(folderInput.status == 1)
    #expect(folderInput.stderr.contains("\(named.path) is a folder; the json format reads a single file"), "\(folderInput.stderr)")
  }
}

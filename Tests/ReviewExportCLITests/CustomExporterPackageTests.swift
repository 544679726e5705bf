import Foundation
import TestSupport
import Testing

/// The suites that build fixture packages, one at a time: each build uses
/// both cores, and SwiftPM's shared caches do not like company.
@Suite(.serialized) enum FixturePackageTests {}

extension FixturePackageTests {
  /// Fixtures/CustomExporter: a user's package that depends on this one, adds
  /// an iCalendar exporter and ships a tool with every built-in format plus it.
  @Suite(.timeLimit(.minutes(15))) struct CustomExporterPackageTests {
    /// Builds the package from clean (a reused build folder can miss files
    /// added to this package since) and returns its tool.
    static func buildTool() throws -> URL {
      let scratch = try Fixtures.temporaryFolder().appendingPathComponent(".build")
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = ["swift", "build", "--package-path", Fixtures.url("CustomExporter").path, "--scratch-path", scratch.path]
      let log = Pipe()
      process.standardOutput = log
      process.standardError = log
      try process.run()
      let output = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      #expect(process.terminationStatus == 0, "swift build failed:\n\(output)")
      return scratch.appendingPathComponent("debug/my-review-export")
    }

    static func run(_ tool: URL, _ arguments: [String]) throws -> (Int32, String, String) {
      let process = Process()
      process.executableURL = tool
      process.arguments = arguments
      process.currentDirectoryURL = Fixtures.root
      let out = Pipe()
      let err = Pipe()
      process.standardOutput = out
      process.standardError = err
      try process.run()
      let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      return (process.terminationStatus, stdout, stderr)
    }

    @Test func theUsersToolHasEveryBuiltInFormatPlusItsOwn() throws {
      let tool = try Self.buildTool()
      let (status, formats, _) = try Self.run(tool, ["formats"])
      #expect(status == 0)
      for name in ["json", "xml", "yaml", "csv", "csv-tables", "ics"] {
        #expect(formats.contains("\n\(name)  (") || formats.hasPrefix("\(name)  ("), "\(name) missing")
      }
      #expect(formats.contains("--option ics.releases=<boolean>  (default: true)"))

      let (exported, ics, errors) = try Self.run(tool, ["export", "Fixtures/catalogs/world-cinema.json", "-f", "ics", "--stdout"])
      #expect(exported == 0, "\(errors)")
      #expect(Array(ics.utf8) == (try Fixtures.bytes("CustomExporter/expected/world-cinema.ics")))

      let folder = try Fixtures.temporaryFolder()
      let (both, _, _) = try Self.run(tool, ["export", "Fixtures/catalogs/world-cinema.json", "-f", "json,ics", "-o", folder.path, "-q"])
      #expect(both == 0)
      #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["world-cinema.ics", "world-cinema.json"])
    }
  }
}

import Foundation
import TestSupport
import Testing

/// The suites that build fixture packages, one at a time: each build uses
/// both cores, and SwiftPM's shared caches do not like company.
@Suite(.serialized) enum FixturePackageTests {
  /// One package with the targets of both fixture packages, shared by their
  /// tests: Fixtures/PluginConsumer's, and Fixtures/CustomExporter's added to
  /// its manifest. This package is then compiled for them once: a fresh debug
  /// build of it is most of each one's time (about 40 s of 2 cores).
  static let consumer = Result { try combinedConsumer() }

  /// A copy of Fixtures/PluginConsumer with Fixtures/CustomExporter's targets
  /// and sources added, depending on this package by absolute path.
  static func combinedConsumer() throws -> URL {
    let copy = try Fixtures.temporaryFolder().appendingPathComponent("PluginConsumer")
    try FileManager.default.copyItem(at: Fixtures.url("PluginConsumer"), to: copy)
    let exporter = Fixtures.url("CustomExporter")
    for target in try FileManager.default.contentsOfDirectory(atPath: exporter.appendingPathComponent("Sources").path) {
      try FileManager.default.copyItem(
        at: exporter.appendingPathComponent("Sources/\(target)"), to: copy.appendingPathComponent("Sources/\(target)"))
    }
    let manifest = copy.appendingPathComponent("Package.swift")
    let consumerText = try String(contentsOf: manifest, encoding: .utf8)
    let exporterText = try String(contentsOf: exporter.appendingPathComponent("Package.swift"), encoding: .utf8)
    // Both need the same tools version and platforms, and depend on this
    // package alone, the same way, so that one manifest serves both.
    func header(_ manifest: String) -> [Substring] {
      manifest.split(separator: "\n").filter { $0.hasPrefix("// swift-tools-version:") || $0.contains("platforms:") }
    }
    guard let dependencies = try? list("dependencies", in: consumerText).text, dependencies == (try? list("dependencies", in: exporterText).text),
      header(consumerText).count == 2, header(consumerText) == header(exporterText)
    else {
      throw FixturePackageError("the fixture packages' tools versions, platforms or dependencies differ; this test builds them as one package")
    }
    let targets = try list("targets", in: consumerText)
    let combined = targets.text.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix(",") ? targets.text : targets.text + ","
    var text = consumerText
    text.replaceSubrange(targets.range, with: combined + "\n" + (try list("targets", in: exporterText)).text)
    text = text.replacingOccurrences(of: "path: \"../..\"", with: "path: \"\(Fixtures.root.path)\"")
    try Data(text.utf8).write(to: manifest)
    return copy
  }

  /// The lines inside `  name: [` … `  ]` of a manifest, and where they are.
  static func list(_ name: String, in manifest: String) throws -> (text: String, range: Range<String.Index>) {
    guard let open = manifest.range(of: "\n  \(name): [\n"), let close = manifest.range(of: "\n  ]", range: open.upperBound..<manifest.endIndex)
    else { throw FixturePackageError("no '\(name): [' list in a fixture manifest") }
    return (String(manifest[open.upperBound..<close.lowerBound]), open.upperBound..<close.lowerBound)
  }

  struct FixturePackageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }
}

extension FixturePackageTests {
  /// Fixtures/CustomExporter: a user's package that depends on this one, adds
  /// an iCalendar exporter and ships a tool with every built-in format plus it.
  @Suite(.timeLimit(.minutes(15))) struct CustomExporterPackageTests {
    /// Builds the user's tool in the combined consumer package and returns it.
    static func buildTool() throws -> URL {
      let package = try FixturePackageTests.consumer.get()
      let scratch = package.appendingPathComponent(".build")
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = ["swift", "build", "--product", "my-review-export", "--scratch-path", scratch.path]
      process.currentDirectoryURL = package
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

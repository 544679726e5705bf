import Foundation
import TestSupport
import Testing

/// The SwiftPM plugins, used by a copy of Fixtures/PluginConsumer as a user's package would
/// (``FixturePackageTests/consumer``; the tests run in order: the command
/// plugin's, then the build-tool plugin's, so that the tool is built once for both).
extension FixturePackageTests {
  @Suite(.serialized, .timeLimit(.minutes(20))) struct PluginTests {
    /// Runs `swift` with `arguments` in `directory`; returns the exit status and everything it printed.
    static func swift(_ arguments: [String], in directory: URL) throws -> (Int32, String) {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = ["swift"] + arguments
      process.currentDirectoryURL = directory
      let log = Pipe()
      process.standardOutput = log
      process.standardError = log
      try process.run()
      let output = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      return (process.terminationStatus, output)
    }

    static func build(_ package: URL) throws -> (Int32, String) {
      try swift(["build", "--scratch-path", package.appendingPathComponent(".build").path], in: package)
    }

    static func edit(_ file: URL, _ change: (String) -> String) throws {
      try Data(change(try String(contentsOf: file, encoding: .utf8)).utf8).write(to: file)
    }

    @Test func theCommandPluginExportsIntoThePackage() throws {
      let package = try FixturePackageTests.consumer.get()
      func exportReviews(_ arguments: [String]) throws -> (Int32, String) {
        try Self.swift(
          [
            "package", "--scratch-path", package.appendingPathComponent(".build").path, "--allow-writing-to-package-directory",
            "export-reviews",
          ] + arguments, in: package)
      }
      let (status, log) = try exportReviews(["--format", "json,yaml", "--output", "published"])
      #expect(status == 0, "\(log)")
      let folder = package.appendingPathComponent("published/CatalogViewer")
      #expect(log.contains("wrote \(folder.path)/world-cinema.json (json, "))
      #expect(
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
          == ["hostile-strings.json", "hostile-strings.yaml", "world-cinema.json", "world-cinema.yaml"])
      #expect([UInt8](try Data(contentsOf: folder.appendingPathComponent("world-cinema.yaml"))) == (try Fixtures.bytes("golden/world-cinema.yaml")))

      // What it says is what the tool did: real file names, and unchanged files as unchanged.
      let (_, again) = try exportReviews(["--format", "json,markdown,csv-tables", "--output", "published"])
      #expect(again.contains("unchanged \(folder.path)/world-cinema.json (json, "), "\(again)")
      #expect(again.contains("wrote \(folder.path)/world-cinema.md (markdown, "))
      #expect(again.contains("wrote \(folder.path)/world-cinema.tables (csv-tables, "))
      #expect(!again.contains(".markdown") && !again.contains(".csv-tables"))

      // A help text, and the command line's refusals.
      let (helped, help) = try exportReviews(["--help"])
      #expect(helped == 0)
      #expect(help.contains("USAGE: swift package --allow-writing-to-package-directory export-reviews"))
      let (refused, refusal) = try exportReviews(["--format", "json", "--option", "xml.indent=4", "--output", "published"])
      #expect(refused != 0)
      #expect(refusal.contains("--option 'xml.indent=4' is for format 'xml', which is not selected; add it to --format or drop the option"))
    }

    @Test func theBuildToolPluginExportsCatalogsAsResources() throws {
      let package = try FixturePackageTests.consumer.get()
      let catalog = package.appendingPathComponent("Sources/CatalogViewer/Catalogs/world-cinema.reviews.json")
      let viewer = package.appendingPathComponent(".build/debug/CatalogViewer")

      // A clean build exports every catalog and compiles the accessors.
      let (status, log) = try Self.build(package)
      #expect(status == 0, "\(log)")
      #expect(log.contains("Exporting world-cinema.reviews.json to json, xml, yaml, csv"))
      #expect(log.contains("Exporting hostile.json to json, yaml"))
      let run = try ToolRunnerLike.run(viewer)
      #expect(run.contains("json: world-cinema.json, 7764 bytes, first line: {"))
      #expect(run.contains("xml: world-cinema.xml, "))
      #expect(run.contains("yaml: world-cinema.yaml, "))
      #expect(run.contains("hostile yaml: hostile-strings.yaml, "))
      #expect(run.contains("headline: Moving the planet, and the family on it\n"))
      #expect(run.hasSuffix("loaded: 3 reviews, first by staff-critic\n"), "\(run)")
      // The resources are exactly what the tool exports (xml with the config's indent of 4).
      let resources = try FileManager.default.subpathsOfDirectory(atPath: package.appendingPathComponent(".build").path)
      let json = try #require(resources.first { $0.hasSuffix("Resources/world-cinema.json") && $0.contains("ReviewExportPlugin") })
      #expect([UInt8](try Data(contentsOf: package.appendingPathComponent(".build/" + json))) == (try Fixtures.bytes("golden/world-cinema.json")))
      let xml = try String(contentsOf: package.appendingPathComponent(".build/" + json.replacingOccurrences(of: ".json", with: ".xml")), encoding: .utf8)
      #expect(xml.contains("\n    <catalog id=\"world-cinema\">\n"))

      // The same package, through the ReviewFormats library alone (no
      // @testable, no tool): every built-in format, the tool's bytes.
      let fromSwift = try Fixtures.temporaryFolder()
      let fromTool = try Fixtures.temporaryFolder()
      let said = try ToolRunnerLike.run(viewer, ["export", Fixtures.url("catalogs/world-cinema.json").path, fromSwift.path])
      #expect(said.hasSuffix("exported 3 reviews to 12 formats\n"), "\(said)")
      #expect(try ToolRunner.run(["export", Fixtures.url("catalogs/world-cinema.json").path, "-o", fromTool.path, "-q"]).status == 0)
      let names = try FileManager.default.contentsOfDirectory(atPath: fromTool.path).sorted()
      #expect(try FileManager.default.contentsOfDirectory(atPath: fromSwift.path).sorted() == names)
      for name in names {
        #expect(try Fixtures.contents(of: fromSwift.appendingPathComponent(name)) == Fixtures.contents(of: fromTool.appendingPathComponent(name)), "\(name)")
      }

      // Nothing changed: nothing is exported again. (SwiftPM relinks the tool
      // once on the build after the first, which re-runs every command; the
      // one after that shows what incrementality gives.)
      _ = try Self.build(package)
      let (_, again) = try Self.build(package)
      #expect(!again.contains("Exporting"), "\(again)")

      // An edited catalog is exported again, and only that one.
      try Self.edit(catalog) { $0.replacingOccurrences(of: "Moving the planet, and the family on it", with: "A planet on the move") }
      let (edited, editLog) = try Self.build(package)
      #expect(edited == 0)
      #expect(editLog.contains("Exporting world-cinema.reviews.json"))
      #expect(!editLog.contains("Exporting hostile.json"))
      #expect(try ToolRunnerLike.run(viewer).contains("headline: A planet on the move\n"))

      // A broken catalog fails the build with the catalog's own diagnostics.
      try Self.edit(catalog) { $0.replacingOccurrences(of: "\"value\": 3.5", with: "\"value\": 7.5") }
      let (broken, brokenLog) = try Self.build(package)
      #expect(broken != 0)
      #expect(brokenLog.contains("world-cinema.reviews.json:116:28: error: reviews[0].rating.value: 7.5 is above the rating's scale of 5"))

      // A config error names the file, the line and the key.
      try Self.edit(catalog) { $0.replacingOccurrences(of: "\"value\": 7.5", with: "\"value\": 3.5") }
      let config = package.appendingPathComponent("Sources/CatalogViewer/review-export.yml")
      try Self.edit(config) { $0.replacingOccurrences(of: "formats: [json, xml, yaml, csv]", with: "format: [json]") }
      let (misconfigured, configLog) = try Self.build(package)
      #expect(misconfigured != 0)
      #expect(configLog.contains("review-export.yml:3: error: unknown key 'format' in the config; allowed keys: formats, options, output, catalogs"))

      // A config that asks for other exports is caught although SwiftPM does not plan again.
      try Self.edit(config) { $0.replacingOccurrences(of: "format: [json]", with: "formats: [json, yaml]") }
      let (stale, staleLog) = try Self.build(package)
      #expect(stale != 0)
      #expect(staleLog.contains("review-export.yml: error: the exports this file asks for changed, but SwiftPM has not planned the build again"))

      // Once SwiftPM plans again (here because a file was added), an export
      // no longer asked for leaves the resource bundle too.
      try Self.edit(config) { text in
        // The first line only: the hostile catalog's own formats stay.
        guard let first = text.range(of: "formats: [json, yaml]") else { return text }
        return text.replacingCharacters(in: first, with: "formats: [json, xml, yaml]")
      }
      let main = package.appendingPathComponent("Sources/CatalogViewer/main.swift")
      try Self.edit(main) { $0.replacingOccurrences(of: "try show(\"csv\", ReviewExports.worldCinema.csv)\n", with: "") }
      try Data("// Added, so that SwiftPM plans the build again.\n".utf8).write(to: package.appendingPathComponent("Sources/CatalogViewer/Added.swift"))
      let (shrunk, shrunkLog) = try Self.build(package)
      #expect(shrunk == 0, "\(shrunkLog)")
      let bundle = try #require(
        try FileManager.default.subpathsOfDirectory(atPath: package.appendingPathComponent(".build").path)
          .first { $0.hasSuffix("PluginConsumer_CatalogViewer.resources") })
      let bundled = try FileManager.default.contentsOfDirectory(atPath: package.appendingPathComponent(".build/" + bundle).path).sorted()
      #expect(bundled == ["hostile-strings.json", "hostile-strings.yaml", "world-cinema.json", "world-cinema.xml", "world-cinema.yaml"])
    }
  }
}

/// Runs a built program and returns its standard output.
enum ToolRunnerLike {
  static func run(_ program: URL, _ arguments: [String] = []) throws -> String {
    let process = Process()
    process.executableURL = program
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return text
  }
}

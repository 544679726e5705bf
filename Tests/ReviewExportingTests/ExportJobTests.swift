import Foundation
import ReviewCatalog
import ReviewExporting
import TestSupport
import Testing

/// Writes some bytes, then fails: stands in for an exporter that breaks mid-way.
struct FailingExporter: Exporter {
  let format = FormatDescriptor(name: "failing", fileExtension: "txt", mediaType: "text/plain", summary: "Fails.")
  func export(_ catalog: Catalog, to output: ExportDestination) throws {
    try output.sink.write(String(repeating: "partial ", count: 20_000))
    try output.sink.flush()
    throw ExportError("broke on purpose")
  }
}

/// Writes the catalog's title.
struct TitleExporter: Exporter {
  let format = FormatDescriptor(name: "title", fileExtension: "txt", mediaType: "text/plain", summary: "The title.")
  func export(_ catalog: Catalog, to output: ExportDestination) throws {
    output.warn("just the title")
    try output.sink.write(catalog.info.title + "\n")
  }
}

@Suite struct ExportJobTests {
  static let catalog = Catalog(info: CatalogInfo(id: "c", title: "Title"))

  static func contents(of folder: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
  }

  @Test func writesEveryOutputAndReportsIt() throws {
    let folder = try Fixtures.temporaryFolder()
    let destination = folder.appendingPathComponent("nested/c.txt").path
    let results = try ExportJob.export(
      .catalog(Self.catalog), to: [.init(exporter: TitleExporter(), options: ExportOptions(), destination: destination)]
    ).results
    #expect(try String(contentsOfFile: destination, encoding: .utf8) == "Title\n")
    #expect(results.map(\.byteCount) == [6])
    #expect(results.map(\.warnings) == [["just the title"]])
  }

  @Test func aFailedExportLeavesNoFileAndKeepsTheExistingOne() throws {
    let folder = try Fixtures.temporaryFolder()
    let kept = folder.appendingPathComponent("c.txt")
    try Data("old contents\n".utf8).write(to: kept)
    let fresh = folder.appendingPathComponent("d.txt")
    let outputs: [ExportJob.Request] = [
      .init(exporter: TitleExporter(), options: ExportOptions(), destination: fresh.path),
      .init(exporter: FailingExporter(), options: ExportOptions(), destination: kept.path),
    ]
    #expect(throws: ExportError("failing: broke on purpose; nothing was written")) {
      try ExportJob.export(.catalog(Self.catalog), to: outputs)
    }
    // No temporary file, no new output (the other format is not committed either), the old file intact.
    #expect(try Self.contents(of: folder) == ["c.txt"])
    #expect(try String(contentsOf: kept, encoding: .utf8) == "old contents\n")
  }

  @Test func aReplacedFileKeepsItsPermissions() throws {
    let folder = try Fixtures.temporaryFolder()
    let path = folder.appendingPathComponent("c.txt").path
    _ = FileManager.default.createFile(atPath: path, contents: Data("old".utf8), attributes: [.posixPermissions: 0o640])
    _ = try ExportJob.export(.catalog(Self.catalog), to: [.init(exporter: TitleExporter(), options: ExportOptions(), destination: path)])
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    #expect((attributes[.posixPermissions] as? Int) == 0o640)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "Title\n")
  }
}

@Suite struct FormatRegistryTests {
  @Test func selectionAcceptsListsRepeatsAndAll() throws {
    let registry = try FormatRegistry(exporters: [TitleExporter(), FailingExporter()])
    #expect(try registry.exporters(selectedBy: ["title,failing"]).map(\.format.name) == ["title", "failing"])
    #expect(try registry.exporters(selectedBy: ["failing", "title", "failing"]).map(\.format.name) == ["failing", "title"])
    #expect(try registry.exporters(selectedBy: ["all"]).map(\.format.name) == ["title", "failing"])
  }

  @Test func unknownFormatsListTheKnownOnes() throws {
    let registry = try FormatRegistry(exporters: [TitleExporter()])
    #expect(throws: ExportError("unknown format 'yml'; known formats: title, or all")) {
      try registry.exporters(selectedBy: ["yml"])
    }
  }

  @Test func takenAndInvalidNamesAreRefused() throws {
    var registry = try FormatRegistry(exporters: [TitleExporter()])
    #expect(throws: ExportError("a format named 'title' is already registered; choose another name")) {
      try registry.register(TitleExporter())
    }
    struct Badly: Exporter {
      let format = FormatDescriptor(name: "All Caps", fileExtension: "x", mediaType: "x", summary: "x")
      func export(_ catalog: Catalog, to output: ExportDestination) throws {}
    }
    #expect(throws: ExportError.self) { try registry.register(Badly()) }
  }

  @Test func optionKindsParseAndRejectLikeTheyShould() throws {
    let options = [
      OptionDescriptor(name: "flag", kind: .boolean, defaultValue: .boolean(false), help: ""),
      OptionDescriptor(name: "level", kind: .integer(1...3), defaultValue: .integer(2), help: ""),
      OptionDescriptor(name: "mode", kind: .choice(["a", "b"]), defaultValue: .string("a"), help: ""),
    ]
    let format = FormatDescriptor(name: "f", fileExtension: "f", mediaType: "f", summary: "f", options: options)
    let resolved = try format.resolveOptions(["flag": "on", "mode": "b"])
    #expect(resolved.boolean("flag") && resolved.integer("level") == 2 && resolved.string("mode") == "b")
    #expect(throws: ExportError("option 'f.level' takes integer 1...3, not '4'")) { try format.resolveOptions(["level": "4"]) }
    #expect(throws: ExportError("option 'f.mode' takes a|b, not 'c'")) { try format.resolveOptions(["mode": "c"]) }
    #expect(throws: ExportError("option 'f.flag' takes boolean, not 'maybe'")) { try format.resolveOptions(["flag": "maybe"]) }
  }
}

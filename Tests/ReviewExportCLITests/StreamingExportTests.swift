import Foundation
import ReviewCatalog
import ReviewExportCLI
import ReviewExporting
import TestSupport
import Testing

/// The streaming path (a JSON catalog read part by part, validated as it
/// comes, written by every exporter at once) against the in-memory path: the
/// same bytes, the same problems, and nothing written when anything fails.
@Suite struct StreamingExportTests {
  /// The formats that stream.
  static let streamingFormats = ["json", "xml", "yaml", "csv", "csv-tables", "markdown", "html"]

  static let registry = try! BuiltInFormats.registry()

  static var jsonReader: any StreamingCatalogReader {
    BuiltInFormats.readers.compactMap { $0 as? any StreamingCatalogReader }.first { $0.formatName == "json" }!
  }

  /// The world-cinema fixture with its reviews repeated under new ids, so
  /// that a stream spans several batches.
  static func largeCatalog(reviews count: Int) throws -> Catalog {
    let source = CatalogSource(name: "world-cinema.json", bytes: try Fixtures.bytes("catalogs/world-cinema.json"))
    var catalog = try CatalogLoader(registry: registry).load(source, with: jsonReader)
    let originals = catalog.reviews
    catalog.reviews = (0..<count).map { index in
      var review = originals[index % originals.count]
      review.id += "-\(index)"
      review.headline += " #\(index)"
      return review
    }
    return catalog
  }

  /// Writes `catalog` as canonical JSON into a new folder; returns the file.
  static func writeJSON(_ catalog: Catalog, options: [String: String] = [:]) throws -> URL {
    let file = try Fixtures.temporaryFolder().appendingPathComponent("large.json")
    try Data(Render.bytes(registry.exporter(named: "json")!, catalog, options: options)).write(to: file)
    return file
  }

  static func outputs(_ formats: [String], into folder: URL, options: [String: [String: String]] = [:]) throws -> [ExportJob.Request] {
    try formats.map { name in
      let exporter = registry.exporter(named: name)!
      return ExportJob.Request(
        exporter: exporter, options: try exporter.format.resolveOptions(options[name] ?? [:]),
        destination: folder.appendingPathComponent("large.\(exporter.format.fileExtension)").path)
    }
  }

  /// Every file under `folder`, by relative path (none if there is no `folder`).
  static func files(in folder: URL) throws -> [String: Data] {
    var result: [String: Data] = [:]
    guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [:] }
    while let path = enumerator.nextObject() as? String {
      var isDirectory: ObjCBool = false
      let full = folder.appendingPathComponent(path).path
      if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
        result[path] = try Data(contentsOf: URL(fileURLWithPath: full))
      }
    }
    return result
  }

  static func stream(_ file: URL) throws -> any CatalogStream {
    try #require(try CatalogLoader(registry: registry).openStream(path: file.path))
  }

  /// Writes `catalog` in `format` into a new folder; returns the file.
  static func write(_ catalog: Catalog, as format: String) throws -> URL {
    let file = try Fixtures.temporaryFolder().appendingPathComponent("large.\(format)")
    try Data(Render.bytes(registry.exporter(named: format)!, catalog)).write(to: file)
    return file
  }

  /// The problems of the catalog in `file`, read whole.
  static func inMemoryProblems(_ file: URL) -> [String] {
    do {
      _ = try CatalogLoader(registry: registry).load(path: file.path)
      return []
    } catch let error as CatalogError {
      return error.diagnostics.map(\.description)
    } catch {
      return ["\(error)"]
    }
  }

  /// The problems of the catalog in `file`, streamed into `formats` in `folder`.
  static func streamedProblems(_ file: URL, formats: [String] = [], folder: URL? = nil) throws -> [String] {
    let folder = try folder ?? Fixtures.temporaryFolder()
    do {
      guard let stream = try CatalogLoader(registry: registry).openStream(path: file.path) else { return ["not streamed"] }
      _ = try ExportJob.export(.stream(stream), to: try outputs(formats, into: folder))
      return []
    } catch let error as CatalogError {
      return error.diagnostics.map(\.description)
    }
  }

  @Test(arguments: [[:], ["json": ["compact": "true"], "xml": ["indent": "4"], "csv": ["profile": "excel"]]])
  func streamedOutputsAreTheBytesOfTheInMemoryOnes(options: [String: [String: String]]) throws {
    let catalog = try Self.largeCatalog(reviews: 700)
    let file = try Self.writeJSON(catalog)
    let inMemory = try Fixtures.temporaryFolder()
    let streamed = try Fixtures.temporaryFolder()
    _ = try ExportJob.export(.catalog(catalog), to: Self.outputs(Self.streamingFormats, into: inMemory, options: options))
    let summary = try ExportJob.export(.stream(Self.stream(file)), to: Self.outputs(Self.streamingFormats, into: streamed, options: options))

    #expect(summary.reviewCount == 700)
    #expect(summary.results.map(\.format) == Self.streamingFormats)
    let expected = try Self.files(in: inMemory)
    #expect(expected.count == 6 + CatalogTables.layout.tables.count + 1)  // the files, the tables and datapackage.json
    #expect(try Self.files(in: streamed) == expected)
  }

  @Test(arguments: ["catalogs/world-cinema.json", "catalogs/hostile-strings.json"])
  func fixturesStreamToTheSameBytes(_ fixture: String) throws {
    let file = Fixtures.url(fixture)
    let catalog = try CatalogLoader(registry: Self.registry).load(path: file.path)
    let inMemory = try Fixtures.temporaryFolder()
    let streamed = try Fixtures.temporaryFolder()
    // The hostile catalog has characters XML 1.0 cannot carry.
    let options = ["xml": ["invalid-characters": "replace"]]
    _ = try ExportJob.export(.catalog(catalog), to: Self.outputs(Self.streamingFormats, into: inMemory, options: options))
    _ = try ExportJob.export(.stream(Self.stream(file)), to: Self.outputs(Self.streamingFormats, into: streamed, options: options))
    #expect(try Self.files(in: streamed) == Self.files(in: inMemory))
  }

  @Test func everyInvalidFixtureGivesTheSameProblemsStreamed() throws {
    var streamedCount = 0
    for name in try Fixtures.names(in: "invalid", withExtension: "json") {
      let file = Fixtures.url("invalid/\(name).json")
      let expected = Self.inMemoryProblems(file)
      #expect(!expected.isEmpty, "\(name)")
      let streamed = try Self.streamedProblems(file, formats: ["json", "xml"])
      if streamed == ["not streamed"] { continue }
      streamedCount += 1
      #expect(streamed == expected, "\(name)")
    }
    // Only catalogs whose reviews do not come after the rest fall back.
    #expect(streamedCount >= 15)
  }

  @Test func problemsFoundLateAreAllReportedInPlaceAndNothingIsWritten() throws {
    var catalog = try Self.largeCatalog(reviews: 900)
    catalog.reviews[899].rating = Rating(value: 11, scale: 10)
    catalog.reviews[300].critic = "nobody"
    let file = try Self.writeJSON(catalog)
    // An unknown key, a structural problem, in the middle of the reviews.
    var text = try String(contentsOf: file, encoding: .utf8)
    let marker = "\"id\": \"\(catalog.reviews[500].id)\","
    text = text.replacingOccurrences(of: marker, with: marker + " \"stars\": 5,")
    try text.write(to: file, atomically: true, encoding: .utf8)

    let folder = try Fixtures.temporaryFolder()
    let existing = folder.appendingPathComponent("large.json")
    try Data("old".utf8).write(to: existing)
    let problems = try Self.streamedProblems(file, formats: Self.streamingFormats, folder: folder)

    #expect(problems == Self.inMemoryProblems(file))
    #expect(problems.count == 3)
    #expect(problems.map { $0.components(separatedBy: ": ")[2] } == ["reviews[300].critic", "reviews[500]", "reviews[899].rating.value"])
    #expect(problems.allSatisfy { $0.hasPrefix(file.path + ":") })
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["large.json"])
    #expect(try Data(contentsOf: existing) == Data("old".utf8))
  }

  @Test func aSyntaxErrorLateInTheFileStopsWithItsPositionAndWritesNothing() throws {
    let file = try Self.writeJSON(try Self.largeCatalog(reviews: 600))
    let bytes = try Data(contentsOf: file)
    try bytes.prefix(bytes.count - 5000).write(to: file)
    let folder = try Fixtures.temporaryFolder()
    let problems = try Self.streamedProblems(file, formats: Self.streamingFormats, folder: folder)
    #expect(problems == Self.inMemoryProblems(file))
    #expect(problems.count == 1)
    #expect(problems[0].contains("unterminated string") || problems[0].contains("unexpected end of file"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
  }

  @Test func anExporterFailingMidStreamLeavesNothingBehind() throws {
    var catalog = try Self.largeCatalog(reviews: 800)
    catalog.reviews[650].body = "a bell: \u{07}"  // valid JSON and YAML, but XML 1.0 cannot carry it
    let file = try Self.writeJSON(catalog)
    let folder = try Fixtures.temporaryFolder()
    #expect {
      _ = try ExportJob.export(.stream(Self.stream(file)), to: Self.outputs(Self.streamingFormats, into: folder))
    } throws: { error in
      "\(error)".hasPrefix("xml: ") && "\(error)".contains("reviews[650].body") && "\(error)".hasSuffix("nothing was written")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
  }

  /// The world-cinema fixture with its document keys in `order`.
  static func reordered(_ order: [String], in folder: URL) throws -> URL {
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.url("catalogs/world-cinema.json"))) as! [String: Any]
    let file = folder.appendingPathComponent("world-cinema.json")
    var text = "{"
    for (index, key) in order.enumerated() {
      let value = try JSONSerialization.data(withJSONObject: object[key]!, options: [.fragmentsAllowed])
      text += (index > 0 ? "," : "") + "\"\(key)\":" + String(decoding: value, as: UTF8.self)
    }
    try (text + "}").write(to: file, atomically: true, encoding: .utf8)
    return file
  }

  @Test(arguments: [
    ["reviews", "works", "people", "catalog", "formatVersion"],  // not streamed at all
    ["formatVersion", "catalog", "people", "reviews", "works"],  // found out after the people
  ])
  func partsOutOfOrderAreReadWhole(order: [String]) throws {
    // The tool reads such a catalog whole instead, to the same outputs.
    let folder = try Fixtures.temporaryFolder()
    let file = try Self.reordered(order, in: folder)
    if order[0] == "formatVersion" {
      #expect(throws: StreamOrderError.self) {
        _ = try ExportJob.export(.stream(Self.stream(file)), to: Self.outputs(["json"], into: folder.appendingPathComponent("s")))
      }
      #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("s/large.json").path))
    } else {
      #expect(try Self.jsonReader.openStream(atPath: file.path, name: "x") == nil)
    }
    let canonical = Fixtures.url("catalogs/world-cinema.json")
    let fromReordered = try ToolRunner.run(["export", file.path, "-f", "json,csv", "-o", folder.appendingPathComponent("a").path])
    #expect(
      fromReordered.stderr.contains(
        order[0] == "formatVersion" ? "note: \(file.path): the reviews come before the works, so the whole catalog is read into memory" : "wrote"))
    let fromCanonical = try ToolRunner.run(["export", canonical.path, "-f", "json,csv", "-o", folder.appendingPathComponent("b").path])
    #expect(fromReordered.status == 0 && fromCanonical.status == 0)
    #expect(try Self.files(in: folder.appendingPathComponent("a")) == Self.files(in: folder.appendingPathComponent("b")))
    let validated = try ToolRunner.run(["validate", file.path])
    #expect(validated.stdout.hasSuffix("valid catalog with 9 people, 4 works and 3 reviews\n"))
  }

  @Test func manyPeopleAndWorksStreamLikeReviews() throws {
    // People and works that span several batches, with a problem late in the works.
    var catalog = try Self.largeCatalog(reviews: 10)
    let person = catalog.people[0]
    catalog.people += (0..<700).map { Person(id: "extra-\($0)", name: "\(person.name) \($0)", nativeName: person.nativeName) }
    let work = catalog.works[0]
    catalog.works += (0..<600).map { index in
      var copy = work
      copy.id = "extra-work-\(index)"
      copy.basedOn = index == 590 ? "missing-work" : "extra-work-\(599 - index)"
      return copy
    }
    let file = try Self.writeJSON(catalog)
    let inMemory = try Fixtures.temporaryFolder()
    let streamed = try Fixtures.temporaryFolder()
    var valid = catalog
    valid.works[valid.works.count - 10].basedOn = nil
    let validFile = try Self.writeJSON(valid)
    _ = try ExportJob.export(.catalog(valid), to: Self.outputs(Self.streamingFormats, into: inMemory))
    let summary = try ExportJob.export(.stream(Self.stream(validFile)), to: Self.outputs(Self.streamingFormats, into: streamed))
    #expect((summary.personCount, summary.workCount, summary.reviewCount) == (709, 604, 10))
    #expect(try Self.files(in: streamed) == Self.files(in: inMemory))

    let problems = try Self.streamedProblems(file, formats: ["json"])
    #expect(problems == Self.inMemoryProblems(file))
    #expect(problems.count == 1 && problems[0].contains("works[594].basedOn: no work has the id 'missing-work'"))
  }

  @Test func standardOutputGetsAStreamedCatalogOnlyOnceItIsValid() throws {
    var catalog = try Self.largeCatalog(reviews: 700)
    let file = try Self.writeJSON(catalog)
    for format in ["json", "yaml", "csv"] {
      let outcome = try ToolRunner.run(["export", file.path, "-f", format, "--stdout"])
      #expect(outcome.status == 0)
      #expect(outcome.stdoutBytes == (try Render.bytes(Self.registry.exporter(named: format)!, catalog)), "\(format)")
    }
    catalog.reviews[650].rating = Rating(value: -1, scale: 5)
    let invalid = try Self.writeJSON(catalog)
    let outcome = try ToolRunner.run(["export", invalid.path, "-f", "json", "--stdout"])
    #expect(outcome.status == 1)
    #expect(outcome.stdoutBytes.isEmpty)
    #expect(outcome.stderr.contains("reviews[650].rating.value: a rating must be 0 or more, not -1.0"))
  }

  @Test(arguments: ["yaml", "xml"])
  func yamlAndXMLCatalogsStreamToTheSameBytesAndProblems(_ format: String) throws {
    // A fixture (the YAML one hand-written, with comments) and a large exported catalog.
    let fixture = Fixtures.url(format == "yaml" ? "catalogs/world-cinema.yaml" : "golden/world-cinema.xml")
    for file in [fixture, try Self.write(try Self.largeCatalog(reviews: 700), as: format)] {
      let catalog = try CatalogLoader(registry: Self.registry).load(path: file.path)
      let inMemory = try Fixtures.temporaryFolder()
      let streamed = try Fixtures.temporaryFolder()
      _ = try ExportJob.export(.catalog(catalog), to: Self.outputs(Self.streamingFormats, into: inMemory))
      let summary = try ExportJob.export(.stream(Self.stream(file)), to: Self.outputs(Self.streamingFormats, into: streamed))
      #expect(summary.reviewCount == catalog.reviews.count)
      #expect(try Self.files(in: streamed) == Self.files(in: inMemory), "\(file.lastPathComponent)")
    }

    var catalog = try Self.largeCatalog(reviews: 600)
    catalog.reviews[550].rating = Rating(value: 12, scale: 10)
    catalog.works[2].basedOn = "nowhere"
    let file = try Self.write(catalog, as: format)
    var text = try String(contentsOf: file, encoding: .utf8)
    // An unknown key in reviews[300].
    let marker = format == "yaml" ? "- id: \(catalog.reviews[300].id)\n" : "<review id=\"\(catalog.reviews[300].id)\">"
    #expect(text.contains(marker))
    text = text.replacingOccurrences(of: marker, with: marker + (format == "yaml" ? "  stars: 5\n" : "<stars>5</stars>"))
    try text.write(to: file, atomically: true, encoding: .utf8)
    let problems = try Self.streamedProblems(file, formats: ["json"])
    #expect(problems == Self.inMemoryProblems(file))
    #expect(problems.map { $0.components(separatedBy: ": ")[2] } == ["works[2].basedOn", "reviews[300]", "reviews[550].rating.value"])

    // Cut short: the same error as reading it whole, and nothing written.
    try Data(text.utf8.prefix(text.utf8.count / 2)).write(to: file)
    let folder = try Fixtures.temporaryFolder()
    let cut = try Self.streamedProblems(file, formats: Self.streamingFormats, folder: folder)
    #expect(cut == Self.inMemoryProblems(file) && !cut.isEmpty)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
  }

  /// Found by fuzzing: an XML document with problems shortly before a syntax
  /// error. Streamed from the file a buffer at a time, libxml2 met the error
  /// sooner and one problem went unreported; the stream now reads the file
  /// as the whole-file reader does.
  @Test func problemsJustBeforeAnXMLSyntaxErrorAreReportedAlike() throws {
    let file = Fixtures.url("fuzz-corpus/xml/problems-before-a-syntax-error.xml")
    let problems = try Self.streamedProblems(file, formats: ["json"])
    #expect(problems == Self.inMemoryProblems(file))
    #expect(problems.count == 3)
  }

  /// Found by fuzzing: a document the pre-scan refuses (a DOCTYPE) gave its
  /// message as a struct's description when streamed.
  @Test func aDocumentRefusedBeforeParsingIsReportedAlikeStreamed() throws {
    let file = Fixtures.url("fuzz-corpus/xml/doctype-inside-the-root.xml")
    let problems = try Self.streamedProblems(file, formats: ["json"])
    #expect(problems == Self.inMemoryProblems(file))
    #expect(problems.first?.contains(":38:1: error: a document type declaration (<!DOCTYPE …>) is not accepted") == true, "\(problems)")
  }

  @Test func jsonLinesStreamsWithTheProblemsOfTheWholeReader() throws {
    var catalog = try Self.largeCatalog(reviews: 700)
    catalog.reviews[650].rating = Rating(value: 11, scale: 10)
    let folder = try Fixtures.temporaryFolder().appendingPathComponent("large.jsonl")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for (name, bytes) in try Render.members(Self.registry.exporter(named: "jsonl")!, catalog) {
      try Data(bytes).write(to: folder.appendingPathComponent(name))
    }
    // Valid, it streams to the same JSON as the whole reader gives.
    let stream = try Self.stream(folder)
    #expect(stream.header.info == catalog.info)
    // A structural problem late in the works, and one of the rules late in the reviews.
    let works = folder.appendingPathComponent("works.jsonl")
    var text = try String(contentsOf: works, encoding: .utf8)
    text = text.replacingOccurrences(of: "\"id\":\"\(catalog.works[3].id)\",", with: "\"id\":\"\(catalog.works[3].id)\",\"stars\":5,")
    try text.write(to: works, atomically: true, encoding: .utf8)
    let problems = try Self.streamedProblems(folder, formats: ["json"])
    #expect(problems == Self.inMemoryProblems(folder))
    #expect(problems.count == 2, "\(problems)")
    #expect(problems.first?.hasPrefix(works.path + ":4:") == true, "\(problems)")
    #expect(problems.last?.contains("reviews.jsonl:651:") == true, "\(problems)")
  }

  @Test func theToolValidatesAndExportsAStreamedCatalog() throws {
    let file = try Self.writeJSON(try Self.largeCatalog(reviews: 600), options: ["compact": "true"])
    let validated = try ToolRunner.run(["validate", file.path])
    #expect(validated.status == 0)
    #expect(validated.stdout.hasSuffix("valid catalog with 9 people, 4 works and 600 reviews\n"))
    let folder = file.deletingLastPathComponent().appendingPathComponent("out")
    let exported = try ToolRunner.run(["export", file.path, "-f", "json", "-o", folder.path, "-O", "json.compact=true"])
    #expect(exported.status == 0)
    #expect(try Data(contentsOf: folder.appendingPathComponent("large.json")) == Data(contentsOf: file))
  }
}

import Foundation
import ReviewCatalog
@testable import ReviewExporting
import ReviewExportCLI
import TestSupport
import Testing

/// Reviews written in chunks side by side (``ChunkedExporter``, what every
/// export does on a machine with more than one core) are byte for byte the
/// reviews written one after the other, for every splittable format, with
/// chunks of many sizes; a problem in a chunk is named at its place in the
/// catalog; notes add up across chunks.
@Suite struct ChunkedExportTests {
  static let registry = StreamingExportTests.registry
  static let formats = ["json", "xml", "yaml", "csv-tables", "jsonl"]

  /// The bytes `exporter` writes for `catalog`, every file, written as usual or in chunks of `chunkSize`.
  static func written(_ exporter: any SplittableExporter, _ catalog: Catalog, options: [String: String] = [:], chunkSize: Int?) throws
    -> [[UInt8]]
  {
    let resolved = try exporter.format.resolveOptions(options)
    let output = ExportDestination.inMemory(layout: exporter.format.layout, options: resolved)
    if let chunkSize {
      try ChunkedExporter(exporter: exporter, chunkSize: chunkSize).export(catalog, to: output)
    } else {
      try exporter.export(catalog, to: output)
    }
    return try output.fileSinks.map {
      try $0.flush()
      return $0.bytes
    }
  }

  @Test(arguments: formats)
  func chunksJoinedAreTheReviewsWrittenOneAfterTheOther(format: String) throws {
    let exporter = try #require(Self.registry.exporter(named: format) as? any SplittableExporter)
    let large = try StreamingExportTests.largeCatalog(reviews: 1_100)
    let hostile = try CatalogLoader(registry: Self.registry).load(path: Fixtures.url("catalogs/hostile-strings.json").path)
    let options = format == "xml" ? ["invalid-characters": "replace"] : [:]
    for catalog in [large, hostile] {
      let plain = try Self.written(exporter, catalog, options: options, chunkSize: nil)
      for chunkSize in [1, 2, 7, 512, 5_000] {
        #expect(try Self.written(exporter, catalog, options: options, chunkSize: chunkSize) == plain, "\(format), chunks of \(chunkSize)")
      }
    }
    var empty = large
    empty.reviews = []
    #expect(try Self.written(exporter, empty, chunkSize: 3) == Self.written(exporter, empty, chunkSize: nil))
  }

  @Test func aProblemInAChunkIsNamedAtItsPlaceInTheCatalog() throws {
    var catalog = try StreamingExportTests.largeCatalog(reviews: 40)
    catalog.reviews[23].body = "a \u{1} in it"
    let exporter = try #require(Self.registry.exporter(named: "xml") as? any SplittableExporter)
    #expect {
      _ = try Self.written(exporter, catalog, chunkSize: 10)
    } throws: { error in
      "\(error)".hasPrefix("reviews[23].body: U+0001 cannot be written in XML 1.0")
    }
  }

  @Test func notesAddUpAcrossChunks() throws {
    var catalog = try StreamingExportTests.largeCatalog(reviews: 40)
    for index in [3, 17, 18, 39] { catalog.reviews[index].body += "\u{1}" }
    let exporter = try #require(Self.registry.exporter(named: "xml") as? any SplittableExporter)
    let output = ExportDestination(sink: .memory(), options: try exporter.format.resolveOptions(["invalid-characters": "replace"]))
    try ChunkedExporter(exporter: exporter, chunkSize: 5).export(catalog, to: output)
    #expect(output.warnings == ["replaced 4 characters that XML 1.0 cannot carry with U+FFFD"])
  }
}

import Foundation
import JSONFormat
import ReviewCatalog
@testable import ReviewExporting
import SQLiteFormat
import TestSupport
import Testing
import ReviewFormats
import XLSXFormat

/// An exporter that works in scratch files (a database, a workbook) leaves
/// none behind when a Swift caller exports into bytes of its own: the
/// output made by hand removes what it handed out when it goes.
@Suite struct ScratchFileTests {
  @Test func anOutputMadeByHandRemovesItsScratchFilesWhenItGoes() throws {
    let catalog = try SQLiteFormatTests.load("catalogs/world-cinema.json")
    for exporter in [SQLiteExporter() as any Exporter, XLSXExporter()] {
      var paths: [String] = []
      var bytes: [UInt8] = []
      do {
        let output = ExportDestination(sink: .memory(), options: try exporter.format.resolveOptions([:]))
        try exporter.export(catalog, to: output)
        paths = output.scratchPaths
        bytes = output.sink.bytes
      }
      #expect(!paths.isEmpty, "\(exporter.format.name) works in scratch files")
      #expect(bytes.count > 1000)
      for path in paths { #expect(!FileManager.default.fileExists(atPath: path), "\(path) is left behind") }
    }
  }
}

/// An export begun and then abandoned (an error part-way, a caller that
/// stops) leaves no scratch file behind either, whichever of the writer's
/// parts goes last: a workbook let go unfinished must not write itself out
/// after its output has cleared the scratch folder.
@Suite struct AbandonedExportTests {
  @Test(arguments: [0, 1, 3])
  func anAbandonedStreamedExportLeavesNoScratchFile(reviewsWritten: Int) throws {
    let catalog = try SQLiteFormatTests.load("catalogs/world-cinema.json")
    var head = catalog
    (head.people, head.works, head.reviews) = ([], [], [])
    let folder = try Fixtures.temporaryFolder()
    var tried: [String] = []
    for exporter in try BuiltInFormats.registry().exporters {
      guard let streaming = exporter as? any StreamingExporter else { continue }
      let options = try exporter.format.resolveOptions([:])
      var writer: (any CatalogWriter)?
      do {
        let output =
          exporter.format.layout == .directory
          ? ExportDestination(directory: nil, options: options) : ExportDestination(sink: .memory(), options: options)
        output.scratchFolder = folder.path
        writer = try streaming.begin(head, to: output)
      }
      // The writer is now the output's last owner: letting it go ends both.
      for person in catalog.people { try writer!.write(person) }
      for work in catalog.works { try writer!.write(work) }
      for review in catalog.reviews.prefix(reviewsWritten) { try writer!.write(review) }
      writer = nil
      tried.append(exporter.format.name)
    }
    #expect(tried.contains("xlsx") && tried.contains("sqlite") && tried.contains("markdown"), "\(tried)")
    let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(left == [], "left behind: \(left)")
  }
}

import Foundation
import JSONFormat
import ReviewCatalog
@testable import ReviewExporting
import SQLiteFormat
import TestSupport
import Testing
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

import Foundation
import ReviewCatalog
import TestSupport
import Testing

@testable import ReviewExporting

/// Writes `size` bytes of a known pattern in pieces of many sizes (single
/// bytes, pieces that fit the buffer, pieces larger than it), and keeps its
/// sink for a look afterwards.
final class PatternExporter: Exporter, @unchecked Sendable {
  let format = FormatDescriptor(name: "pattern", fileExtension: "bin", mediaType: "application/octet-stream", summary: "A pattern.")
  let size: Int
  private(set) var sink: ByteSink?

  init(size: Int) { self.size = size }

  /// Bytes that differ from their neighbours and from a shifted copy of
  /// themselves: the first `size` of ``patternBytes``.
  static func pattern(_ size: Int) -> ArraySlice<UInt8> { patternBytes[..<size] }

  static let patternBytes: [UInt8] = {
    var bytes = [UInt8](repeating: 0, count: WriteBackTests.size)
    bytes.withUnsafeMutableBufferPointer { buffer in
      for index in buffer.indices { buffer[index] = UInt8(truncatingIfNeeded: (index &* 0x9E37_79B1) >> 11) }
    }
    return bytes
  }()

  func export(_ catalog: Catalog, to output: ExportDestination) throws {
    sink = output.sink
    let bytes = Self.pattern(size)
    let pieces = [1, 7, 4096, 65_535, 65_537, 300_001, 2_000_003]
    var offset = 0
    var turn = 0
    try bytes.withUnsafeBytes { all in
      while offset < all.count {
        let count = min(pieces[turn % pieces.count], all.count - offset)
        if count == 1 {
          try output.sink.write(byte: all[offset])
        } else {
          try output.sink.write(UnsafeRawBufferPointer(rebasing: all[offset..<offset + count]))
        }
        offset += count
        turn += 1
      }
    }
  }
}

/// Writes the pattern into two files of a folder output, and keeps their sinks.
final class PatternFolderExporter: Exporter, @unchecked Sendable {
  let format = FormatDescriptor(
    name: "pattern-folder", fileExtension: "pattern", mediaType: "application/octet-stream", summary: "Patterns.", layout: .directory)
  let size: Int
  private(set) var sinks: [ByteSink] = []

  init(size: Int) { self.size = size }

  func export(_ catalog: Catalog, to output: ExportDestination) throws {
    for name in ["a.bin", "b.bin"] {
      let sink = try output.member(named: name)
      sinks.append(sink)
      try sink.write(PatternExporter.pattern(size))
    }
  }
}

@Suite struct WriteBackTests {
  static let size = 3 * WriteBack.interval + 12_345

  /// Exports the pattern to `destination` and returns the exporter, which
  /// kept its sink, and whether the output changed.
  static func export(to destination: String, mode: ExportJob.Mode = .write, durable: Bool) throws -> (PatternExporter, Bool) {
    let exporter = PatternExporter(size: size)
    let summary = try ExportJob.export(
      .catalog(Catalog(info: CatalogInfo(id: "c", title: "T"))),
      to: [.init(exporter: exporter, options: ExportOptions(), destination: destination)], mode: mode, durable: durable)
    return (exporter, summary.results[0].changed)
  }

  @Test func aDurableFileIsQueuedForTheDiskAsItIsWrittenAndKeepsItsBytes() throws {
    let destination = try Fixtures.temporaryFolder().appendingPathComponent("out.bin").path
    let (exporter, _) = try Self.export(to: destination, durable: true)
    #expect(try Data(contentsOf: URL(fileURLWithPath: destination)) == Data(PatternExporter.pattern(Self.size)))
    if WriteBack.isAvailable {
      // Started each time an interval more was written; the rest is left to fsync.
      let started = try #require(exporter.sink?.writeBackStartedUpTo)
      #expect(started >= 2 * WriteBack.interval && started <= Self.size)
    } else {
      #expect(exporter.sink?.writeBackStartedUpTo == nil)
    }
    // --check writes nothing, so it starts nothing.
    let (checker, changed) = try Self.export(to: destination, mode: .check, durable: true)
    #expect(!changed)
    #expect(checker.sink?.writeBackStartedUpTo == nil)
  }

  @Test func eachFileOfADurableFolderIsQueuedAsItIsWritten() throws {
    let destination = try Fixtures.temporaryFolder().appendingPathComponent("out.pattern").path
    let exporter = PatternFolderExporter(size: Self.size)
    _ = try ExportJob.export(
      .catalog(Catalog(info: CatalogInfo(id: "c", title: "T"))),
      to: [.init(exporter: exporter, options: ExportOptions(), destination: destination)], durable: true)
    #expect(exporter.sinks.count == 2)
    for (sink, name) in zip(exporter.sinks, ["a.bin", "b.bin"]) {
      #expect(try Data(contentsOf: URL(fileURLWithPath: destination + "/" + name)) == Data(PatternExporter.pattern(Self.size)))
      if WriteBack.isAvailable {
        let started = try #require(sink.writeBackStartedUpTo)
        #expect(started >= 2 * WriteBack.interval && started <= Self.size)
      } else {
        #expect(sink.writeBackStartedUpTo == nil)
      }
    }
  }

  @Test func withoutFsyncNothingIsStartedEarly() throws {
    let destination = try Fixtures.temporaryFolder().appendingPathComponent("out.bin").path
    let (exporter, _) = try Self.export(to: destination, durable: false)
    #expect(try Data(contentsOf: URL(fileURLWithPath: destination)) == Data(PatternExporter.pattern(Self.size)))
    #expect(exporter.sink?.writeBackStartedUpTo == nil)
  }

  @Test func aMemorySinkNeverStarts() throws {
    let memory = ByteSink.memory()
    memory.startsWriteBack()
    try memory.write(PatternExporter.pattern(1 << 16))
    #expect(memory.writeBackStartedUpTo == nil)
  }
}

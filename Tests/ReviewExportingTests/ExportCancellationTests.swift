import Foundation
import JSONFormat
import ReviewCatalog
import ReviewExporting
import TestSupport
import Testing

/// Counts what it was handed, across threads.
private final class Tally: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  private var cancelledSeen = false
  private var startedSeen = false

  func add() { lock.withLock { count += 1 } }
  func start() { lock.withLock { startedSeen = true } }
  func cancelled() { lock.withLock { cancelledSeen = true } }
  var total: Int { lock.withLock { count } }
  var sawCancellation: Bool { lock.withLock { cancelledSeen } }
  var started: Bool { lock.withLock { startedSeen } }
}

/// Runs long without writing (as an external program does) until the
/// export is cancelled, or ten seconds have passed.
private struct PatientExporter: Exporter {
  let tally: Tally
  let format = FormatDescriptor(name: "patient", fileExtension: "txt", mediaType: "text/plain", summary: "Waits.")
  func export(_ catalog: Catalog, to output: ExportDestination) throws {
    tally.start()
    let deadline = Date().addingTimeInterval(10)
    while Date() < deadline {
      if output.isCancelled {
        tally.cancelled()
        throw ExportError("stopped")
      }
      usleep(5_000)
    }
  }
}

/// Fails once the patient exporter has started (or after five seconds).
private struct FailingLaterExporter: Exporter {
  let tally: Tally
  let format = FormatDescriptor(name: "failing", fileExtension: "txt", mediaType: "text/plain", summary: "Fails.")
  func export(_ catalog: Catalog, to output: ExportDestination) throws {
    let deadline = Date().addingTimeInterval(5)
    while !tally.started && Date() < deadline { usleep(1_000) }
    throw ExportError("broke on purpose")
  }
}

/// Fails on its own after a while, without looking at the cancellation.
private struct SlowlyFailingExporter: Exporter {
  let format = FormatDescriptor(name: "slow", fileExtension: "txt", mediaType: "text/plain", summary: "Fails late.")
  func export(_ catalog: Catalog, to output: ExportDestination) throws {
    usleep(300_000)
    throw ExportError("broke late")
  }
}

/// A streaming exporter that fails on its first review, or counts them.
private struct ReviewExporter: StreamingExporter {
  let fails: Bool
  let tally: Tally
  var format: FormatDescriptor {
    FormatDescriptor(name: fails ? "fails" : "counts", fileExtension: "txt", mediaType: "text/plain", summary: "Reviews.")
  }

  struct Writer: CatalogWriter {
    let fails: Bool
    let tally: Tally
    mutating func write(_ person: Person) throws {}
    mutating func write(_ work: Work) throws {}
    mutating func write(_ review: Review) throws {
      if fails { throw ExportError("broke on \(review.id)") }
      tally.add()
    }
    mutating func finish() throws {}
  }

  func begin(_ catalog: Catalog, to output: ExportDestination) throws -> any CatalogWriter {
    Writer(fails: fails, tally: tally)
  }
}

/// Once one output of an export has failed, nothing will be written, so the
/// others stop rather than run on to an end that is thrown away.
@Suite struct ExportCancellationTests {
  // The two outputs run side by side only with two cores or more.
  @Test(.enabled(if: ProcessInfo.processInfo.activeProcessorCount > 1))
  func aFailedOutputStopsOneThatRunsLong() throws {
    let folder = try Fixtures.temporaryFolder()
    let tally = Tally()
    let outputs: [ExportJob.Request] = [
      .init(exporter: FailingLaterExporter(tally: tally), options: ExportOptions(), destination: folder.appendingPathComponent("a.txt").path),
      .init(exporter: PatientExporter(tally: tally), options: ExportOptions(), destination: folder.appendingPathComponent("b.txt").path),
    ]
    let start = Date()
    // The first failure is the one reported, not the stop it caused.
    #expect(throws: ExportError("failing: broke on purpose; nothing was written")) {
      try ExportJob.export(.catalog(Catalog(info: CatalogInfo(id: "c", title: "T"))), to: outputs)
    }
    #expect(tally.started && tally.sawCancellation, "the waiting exporter ran on after the other failed")
    #expect(Date().timeIntervalSince(start) < 5)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [])
  }

  @Test func theFailureReportedIsTheFirstOutputsOwnNotTheFirstInTime() throws {
    let folder = try Fixtures.temporaryFolder()
    let outputs: [ExportJob.Request] = [
      .init(exporter: SlowlyFailingExporter(), options: ExportOptions(), destination: folder.appendingPathComponent("a.txt").path),
      .init(exporter: FailingExporter(), options: ExportOptions(), destination: folder.appendingPathComponent("b.txt").path),
    ]
    // The same message whichever fails first, so that a run's error does not depend on timing.
    for _ in 0..<2 {
      #expect(throws: ExportError("slow: broke late; nothing was written")) {
        try ExportJob.export(.catalog(Catalog(info: CatalogInfo(id: "c", title: "T"))), to: outputs)
      }
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [])
  }

  @Test func aFailedLaneStopsTheOthersOfAStreamedExport() throws {
    let folder = try Fixtures.temporaryFolder()
    let loader = CatalogLoader(registry: try FormatRegistry(readers: [JSONReader()]))
    let path = "catalogs/world-cinema.json"
    let fixture = try loader.load(CatalogSource(name: path, bytes: try Fixtures.bytes(path)), with: JSONReader())
    let catalog = Fixtures.copies(of: fixture, reviews: 5_000, headline: "Again")
    let file = folder.appendingPathComponent("big.json")
    try Data(try Render.bytes(JSONExporter(), catalog)).write(to: file)
    let stream = try #require(try JSONReader().openStream(atPath: file.path, name: "big.json"))
    let tally = Tally()
    let outputs: [ExportJob.Request] = [
      .init(exporter: ReviewExporter(fails: true, tally: tally), options: ExportOptions(), destination: folder.appendingPathComponent("a.txt").path),
      .init(exporter: ReviewExporter(fails: false, tally: tally), options: ExportOptions(), destination: folder.appendingPathComponent("b.txt").path),
    ]
    #expect(throws: ExportError("fails: broke on review-0; nothing was written")) {
      try ExportJob.export(.stream(stream), to: outputs)
    }
    // The reader stays at most a few batches of 128 ahead of any lane.
    #expect(tally.total < 2_500, "the other lane wrote \(tally.total) of 5,000 reviews")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["big.json"])
  }
}

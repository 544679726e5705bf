import Foundation
import ReviewCatalog

/// One output of a streamed export: its file, its writer, and the serial
/// queue that writes it.
///
/// The writer and the error are touched only on `queue`; the reading thread
/// reads `error` and `result` only after ``wait()``.
final class ExportLane: @unchecked Sendable {
  let format: String
  let file: StagedOutput
  private let exporter: any StreamingExporter
  private let output: ExportDestination
  private let destination: String
  private let queue: DispatchQueue
  private let slots = DispatchSemaphore(value: ExportJob.batchesAhead)
  private var writer: (any CatalogWriter)?
  private(set) var error: (any Error)?
  private let started = DispatchTime.now()
  private var seconds = 0.0

  private let durable: Bool

  init(
    _ job: ExportJob.Request, exporter: any StreamingExporter, mode: ExportJob.Mode, durable: Bool,
    cancellation: ExportCancellation
  ) throws {
    self.durable = durable
    format = job.exporter.format.name
    destination = job.destination
    self.exporter = exporter
    file = try StagedOutput.make(for: job, mode: mode)
    output = file.makeOutput(options: job.options, durable: durable)
    output.progress = job.progress
    output.cancellation = cancellation
    queue = DispatchQueue(label: "review-export.\(format)")
  }

  /// Starts the output.
  func begin(_ header: Catalog) {
    queue.async { [self] in
      run { writer = try exporter.begin(header, to: output) }
    }
  }

  /// Writes a batch of parts; waits first while the lane is too far behind.
  func write(_ batch: [CatalogItem]) {
    slots.wait()
    queue.async { [self] in
      defer { slots.signal() }
      guard error == nil, var current = writer else { return }
      writer = nil
      run {
        for item in batch {
          try current.write(item)
          if case .review = item { output.reviewWritten() }
        }
        writer = current
      }
    }
  }

  /// Writes the end and flushes the files.
  func finish() {
    queue.async { [self] in
      guard error == nil, var current = writer else { return }
      writer = nil
      run {
        try current.finish()
        try file.finish(output, durable: durable)
      }
      seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
    }
  }

  /// Drops the writer without finishing, freeing what it holds.
  func abandon() {
    queue.async { [self] in writer = nil }
  }

  /// Waits until everything queued has been done.
  func wait() {
    queue.sync {}
  }

  var result: ExportJob.Result {
    ExportJob.Result(
      format: format, destination: destination, byteCount: output.bytesWritten, warnings: output.warnings,
      seconds: seconds, changed: true)
  }

  /// Runs `body`, keeping its error and dropping the writer if it fails.
  private func run(_ body: () throws -> Void) {
    do {
      try body()
    } catch {
      self.error = error
      writer = nil
      output.cancellation?.fail(with: error)
    }
  }
}

import Foundation
import ReviewExporting

/// A one-line progress display on standard error, redrawn a few times a
/// second: shown only on a terminal and never with --quiet.
final class ProgressDisplay: @unchecked Sendable {
  /// Whether progress is shown at all.
  let isEnabled: Bool
  private let lock = NSLock()
  private var line = ""
  private var counters: [(format: String, progress: ExportProgress)] = []
  private var total: Int?
  private var started = Date()
  private var running = false

  init(quiet: Bool) {
    isEnabled = !quiet && isatty(STDERR_FILENO) == 1
  }

  /// Shows a fixed message, such as what is being read.
  func show(_ message: String) {
    guard isEnabled else { return }
    lock.withLock { line = message }
    draw()
  }

  /// Follows exports of `total` reviews (`nil` when not known in advance),
  /// one counter per format, until ``stop()``.
  func follow(_ counters: [(format: String, progress: ExportProgress)], total: Int?) {
    guard isEnabled, total ?? 1 > 0, !counters.isEmpty else { return }
    lock.withLock {
      self.counters = counters
      self.total = total
      started = Date()
      running = true
    }
    Thread.detachNewThread { [self] in
      while lock.withLock({ running }) {
        Thread.sleep(forTimeInterval: 0.2)
        update()
      }
    }
  }

  /// Clears the line.
  func stop() {
    guard isEnabled else { return }
    lock.withLock {
      running = false
      line = ""
      FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
  }

  private func update() {
    let (counters, total, started) = lock.withLock { (self.counters, self.total, self.started) }
    guard let slowest = counters.min(by: { $0.progress.reviewsWritten < $1.progress.reviewsWritten }) else { return }
    let done = slowest.progress.reviewsWritten
    let seconds = Date().timeIntervalSince(started)
    let rate = seconds > 0 ? Double(done) / seconds : 0
    var text = "exporting \(counters.map(\.format).joined(separator: ", ")): \(Self.grouped(done))"
    text += total.map { "/\(Self.grouped($0)) reviews" } ?? " reviews"
    // A streamed catalog's size in reviews is not known: how much of the file is read says how far along it is.
    let fraction = total == nil ? slowest.progress.inputFraction : nil
    if let fraction { text += " · \(Int(fraction * 100))% read" }
    if rate > 0 {
      text += " · \(Self.grouped(Int(rate)))/s"
      if let total, done < total { text += " · about \(Int((Double(total - done) / rate).rounded(.up))) s left" }
      if let fraction, fraction > 0.01, fraction < 1 {
        text += " · about \(Int((seconds * (1 - fraction) / fraction).rounded(.up))) s left"
      }
    }
    lock.withLock {
      guard running else { return }
      line = text
      FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text).utf8))
    }
  }

  private func draw() {
    lock.withLock { FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8)) }
  }

  static func grouped(_ value: Int) -> String {
    let digits = String(value)
    var result = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { result += "," }
      result.append(digit)
    }
    return result
  }
}

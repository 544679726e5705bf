import Foundation

/// What the outputs of one export share to stop early: once one of them has
/// failed, nothing of the export will be written, so the others need not
/// go on (an external program is stopped, a streamed lane abandoned). It
/// keeps the first failure, which is the one reported.
final class ExportCancellation: @unchecked Sendable {
  private let lock = NSLock()
  private var failure: (any Error)?

  /// Whether an output has failed.
  var isCancelled: Bool {
    lock.lock()
    defer { lock.unlock() }
    return failure != nil
  }

  /// The first failure recorded, if any.
  var firstFailure: (any Error)? {
    lock.lock()
    defer { lock.unlock() }
    return failure
  }

  /// Records that an output failed with `error`; the first one recorded is kept.
  func fail(with error: any Error) {
    lock.lock()
    if failure == nil { failure = error }
    lock.unlock()
  }
}

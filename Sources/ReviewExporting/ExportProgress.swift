import Foundation

/// How far one export has got, in reviews, for showing progress. Exporters
/// report through ``ExportOutput/reviewWritten()``; anything may read it
/// from another thread.
public final class ExportProgress: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0

  /// Creates a counter at zero.
  public init() {}

  /// The reviews written so far.
  public var reviewsWritten: Int { lock.withLock { count } }

  func add(_ reviews: Int) {
    lock.withLock { count += reviews }
  }
}

import Foundation

/// How far one export has got, in reviews, for showing progress. Exporters
/// report through ``ExportDestination/reviewWritten()``; anything may read it
/// from another thread.
public final class ExportProgress: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  private var fraction: Double?

  /// Creates a counter at zero.
  public init() {}

  /// The reviews written so far.
  public var reviewsWritten: Int { lock.withLock { count } }

  /// How much of the input has been read, from 0 to 1, when the catalog is
  /// streamed (and its number of reviews is not known in advance).
  public var inputFraction: Double? { lock.withLock { fraction } }

  func setInputFraction(_ value: Double) {
    lock.withLock { fraction = value }
  }

  func add(_ reviews: Int) {
    lock.withLock { count += reviews }
  }
}

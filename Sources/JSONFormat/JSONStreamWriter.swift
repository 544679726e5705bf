import ReviewCatalog
import ReviewExporting

/// Writes a catalog as canonical JSON one review at a time, for catalogs too
/// large to hold: the head (everything before the reviews), then each
/// review, then the end. The bytes are the same as ``JSONExporter``'s.
public struct JSONStreamWriter {
  private var writer: JSONTreeWriter

  /// A writer into `sink`, pretty-printed with `indent` spaces or compact when `nil`.
  public init(sink: ByteSink, indent: Int? = 2) {
    writer = JSONTreeWriter(sink: sink, indent: indent, escapeNonASCII: false)
  }

  /// Writes everything before the first review; `head.reviews` is ignored.
  public mutating func writeHead(_ head: Catalog) throws {
    try head.writeHead(to: &writer)
  }

  /// Writes the next review.
  public mutating func write(_ review: Review) throws {
    try review.write(to: &writer)
  }

  /// Closes the document.
  public mutating func finish(_ head: Catalog) throws {
    try Catalog.writeTail(to: &writer)
  }
}

import ReviewCatalog

/// An exporter that writes a catalog one review at a time, so that catalogs
/// too large to hold can be exported with bounded memory.
///
/// The export job hands the writer the catalog's head (its info, people and
/// works; `reviews` is empty) in ``begin(_:to:)``, then each review in
/// order, then asks it to finish. ``Exporter/export(_:to:)`` comes for free
/// and does the same with a catalog in memory, so both paths give the same
/// bytes by construction:
///
/// ```swift
/// struct HeadlinesExporter: StreamingExporter {
///   let format = FormatDescriptor(
///     name: "headlines", fileExtension: "txt", mediaType: "text/plain",
///     summary: "One review headline a line.")
///
///   func begin(_ head: Catalog, to output: ExportOutput) throws -> any ReviewWriter {
///     HeadlineWriter(sink: output.sink)
///   }
/// }
///
/// struct HeadlineWriter: ReviewWriter {
///   let sink: ByteSink
///   mutating func write(_ review: Review) throws { try sink.write(review.headline + "\n") }
///   mutating func finish() throws {}
/// }
/// ```
///
/// A writer that holds resources (a C library's writer, say) releases them
/// when it is dropped, whether or not ``ReviewWriter/finish()`` was called:
/// the job drops a writer without finishing it when the export fails.
public protocol StreamingExporter: Exporter {
  /// Starts an export: writes what comes before the reviews and returns the
  /// writer that takes them.
  ///
  /// - Parameter head: The catalog without its reviews: its info, people and works.
  func begin(_ head: Catalog, to output: ExportOutput) throws -> any ReviewWriter
}

/// Writes the reviews of one export, in order, then ends the output.
public protocol ReviewWriter {
  /// Writes the next review.
  mutating func write(_ review: Review) throws
  /// Writes what comes after the last review.
  mutating func finish() throws
}

extension StreamingExporter {
  /// Writes `catalog` through ``begin(_:to:)``, review by review.
  public func export(_ catalog: Catalog, to output: ExportOutput) throws {
    var head = catalog
    head.reviews = []
    var writer = try begin(head, to: output)
    for review in catalog.reviews {
      try writer.write(review)
      output.reviewWritten()
    }
    try writer.finish()
  }
}

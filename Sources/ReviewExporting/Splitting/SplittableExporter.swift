import ReviewCatalog

/// An exporter whose output can be written in shards, on many machines, and
/// merged into the bytes a single export gives (`review-export export
/// --shard I/N`, then `review-export merge`).
///
/// Conforming promises what the merge relies on: in every file of the
/// output, the bytes of one review depend on that review alone (and, for a
/// format that joins people and works into reviews, on those), never on its
/// place in the catalog or on the reviews around it, except for what goes
/// between two reviews, which is the same everywhere. Every document is then
/// a head (all that comes before the first review), the reviews' bytes in
/// order, and a tail. The shard machinery finds those parts by flushing the
/// writer between reviews (``SplittableCatalogWriter/flush()``) and looking at
/// how far each file has grown; the tests of every splittable built-in format
/// merge shards and compare the result with a single export, byte for byte.
///
/// A tree format gets everything from ``TreeCatalogWriter``: its exporter
/// implements ``beginSplittable(_:to:)`` instead of
/// ``StreamingExporter/begin(_:to:)``.
public protocol SplittableExporter: StreamingExporter {
  /// Starts an export, as ``StreamingExporter/begin(_:to:)`` does, and
  /// returns a writer that can be flushed between reviews.
  func beginSplittable(_ catalog: Catalog, to output: ExportDestination) throws -> any SplittableCatalogWriter

  /// Whether the writer needs the people and works to write reviews (it joins
  /// names into each review's row, as `csv` does), with these options.
  /// Without them, a shard's writer is handed only reviews. False unless
  /// implemented.
  func joinsPeopleAndWorks(with options: ExportOptions) -> Bool

  /// Whether writing the format is slow enough, against reading a catalog,
  /// that writing its reviews in chunks on several cores pays
  /// (`ChunkedExporter`); for a format that writes as fast as a catalog is
  /// read, the chunks' copying and hand-offs cost more than they save.
  /// False unless implemented; YAML's is true (libyaml's emitter is the
  /// slowest step of every export that includes it).
  var writesFasterInChunks: Bool { get }
}

extension SplittableExporter {
  /// Starts the export through ``beginSplittable(_:to:)``.
  public func begin(_ catalog: Catalog, to output: ExportDestination) throws -> any CatalogWriter {
    try beginSplittable(catalog, to: output)
  }

  /// False: reviews are written from themselves alone.
  public func joinsPeopleAndWorks(with options: ExportOptions) -> Bool { false }

  /// False: the format is written one review after the other.
  public var writesFasterInChunks: Bool { false }
}

/// A catalog writer that can say where each review's bytes begin and end.
public protocol SplittableCatalogWriter: CatalogWriter {
  /// Writes what comes before the first review, if not yet written, as
  /// writing a review would: the point where a document with no reviews and
  /// one with some begin to differ.
  mutating func startReviews() throws
  /// Hands every byte written so far to the output's sinks, so that their
  /// sizes mark the end of the last review.
  mutating func flush() throws
}

extension TreeCatalogWriter {
  /// Closes the people and works, and opens the reviews.
  @inlinable public mutating func startReviews() throws { try parts.startReviews() }
  /// Flushes the tree writer (``TreeWriter/flush()``).
  @inlinable public mutating func flush() throws { try parts.writer.flush() }
}

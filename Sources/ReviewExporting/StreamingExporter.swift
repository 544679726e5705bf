import ReviewCatalog

/// An exporter that writes a catalog one person, work and review at a time,
/// so that catalogs too large to hold can be exported with bounded memory.
///
/// The export job calls ``begin(_:to:)`` with the catalog's version and info,
/// then hands the writer it returns each person, each work and each review,
/// in that order, then asks it to finish. ``Exporter/export(_:to:)`` comes
/// for free and does the same with a catalog in memory, so both paths give
/// the same bytes by construction:
///
/// ```swift
/// struct HeadlinesExporter: StreamingExporter {
///   let format = FormatDescriptor(
///     name: "headlines", fileExtension: "txt", mediaType: "text/plain",
///     summary: "One review headline a line.")
///
///   func begin(_ catalog: Catalog, to output: ExportDestination) throws -> any CatalogWriter {
///     try output.sink.write("# \(catalog.info.title)\n")
///     return HeadlineWriter(sink: output.sink)
///   }
/// }
///
/// struct HeadlineWriter: CatalogWriter {
///   let sink: ByteSink
///   mutating func write(_ review: Review) throws { try sink.write(review.headline + "\n") }
///   mutating func finish() throws {}
/// }
/// ```
///
/// A writer that holds resources (a C library's writer, say) releases them
/// when it is dropped, whether or not ``CatalogWriter/finish()`` was called:
/// the job drops a writer without finishing it when the export fails.
///
/// A streamed export validates the parts beside the writers, so a writer is
/// handed parts before they are known to be valid: any value the model can
/// hold (a date like `2020-99-99`, a rating on a scale of 0, a reference to
/// nothing, an empty text). It must never trap on them; write them or throw.
/// The output of an invalid catalog is thrown away, and
/// ``CatalogWriter/finish()`` is called only once every part has been
/// validated and found valid.
public protocol StreamingExporter: Exporter {
  /// Starts an export and returns the writer that takes the catalog's parts.
  ///
  /// - Parameters:
  ///   - catalog: The catalog's version and info; its people, works and
  ///     reviews are empty here and come through the writer.
  ///   - output: Where to write, with the checked options.
  func begin(_ catalog: Catalog, to output: ExportDestination) throws -> any CatalogWriter
}

/// Takes the people, works and reviews of one export, in that order, then
/// ends the output.
///
/// Every person comes before every work, and every work before every review.
/// A writer that needs to look up a review's work or critic keeps what it
/// needs of them as they pass; the people and works are not held for it.
public protocol CatalogWriter {
  /// Writes the next person. Does nothing unless implemented.
  mutating func write(_ person: Person) throws
  /// Writes the next work. Does nothing unless implemented.
  mutating func write(_ work: Work) throws
  /// Writes the next review.
  mutating func write(_ review: Review) throws
  /// Writes what comes after the last review.
  mutating func finish() throws
}

extension CatalogWriter {
  /// Skips the person.
  public mutating func write(_ person: Person) throws {}
  /// Skips the work.
  public mutating func write(_ work: Work) throws {}
}

extension CatalogWriter {
  /// Writes one item, whatever its kind.
  public mutating func write(_ item: CatalogItem) throws {
    switch item {
    case .person(let person): try write(person)
    case .work(let work): try write(work)
    case .review(let review): try write(review)
    }
  }
}

extension StreamingExporter {
  /// Writes `catalog` through ``begin(_:to:)``, part by part.
  public func export(_ catalog: Catalog, to output: ExportDestination) throws {
    var writer = try begin(Catalog(formatVersion: catalog.formatVersion, info: catalog.info), to: output)
    try writer.writeParts(of: catalog, to: output)
  }
}

extension CatalogWriter {
  /// Writes the people, works and reviews of `catalog` in order, reporting
  /// each review to `output`'s progress, and finishes.
  public mutating func writeParts(of catalog: Catalog, to output: ExportDestination) throws {
    for person in catalog.people { try write(person) }
    for work in catalog.works { try write(work) }
    for review in catalog.reviews {
      try write(review)
      output.reviewWritten()
    }
    try finish()
  }
}

/// A catalog writer that is the tree walk (`CatalogTreeParts`) over a
/// format's tree writer: a format declares it in one line,
/// `struct JSONCatalogWriter: TreeCatalogWriter { var parts: CatalogTreeParts<JSONTreeWriter> }`,
/// and gets every method from here.
///
/// The one line matters for speed: declared in the format's module, for its
/// own tree writer, the walk is compiled for that writer alone (specialized),
/// not run through generic code.
public protocol TreeCatalogWriter: SplittableCatalogWriter {
  /// The format's tree writer.
  associatedtype Tree: TreeWriter
  /// The walk, started (`CatalogTreeParts.start(formatVersion:info:)`) by the exporter.
  var parts: CatalogTreeParts<Tree> { get set }
}

extension TreeCatalogWriter {
  /// Writes the next person.
  @inlinable public mutating func write(_ person: Person) throws { try parts.write(person) }
  /// Writes the next work.
  @inlinable public mutating func write(_ work: Work) throws { try parts.write(work) }
  /// Writes the next review.
  @inlinable public mutating func write(_ review: Review) throws { try parts.write(review) }
  /// Closes and ends the document.
  @inlinable public mutating func finish() throws { try parts.finish() }
}

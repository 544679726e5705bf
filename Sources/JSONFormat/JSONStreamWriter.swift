import ReviewCatalog
import ReviewExporting

/// Writes a catalog as canonical JSON one part at a time, for catalogs too
/// large to hold: the start, then each person, work and review in that
/// order, then the end. The bytes are the same as ``JSONExporter``'s.
public struct JSONStreamWriter {
  private var parts: CatalogTreeParts<JSONTreeWriter>

  /// A writer into `sink`, pretty-printed with `indent` spaces or compact when `nil`.
  public init(sink: ByteSink, indent: Int? = 2) {
    parts = CatalogTreeParts(JSONTreeWriter(sink: sink, indent: indent, escapeNonASCII: false))
  }

  /// Writes what comes before the first person.
  public mutating func start(formatVersion: Int64 = Catalog.currentFormatVersion, info: CatalogInfo) throws {
    try parts.start(formatVersion: formatVersion, info: info)
  }

  /// Writes the next person; people come first.
  public mutating func write(_ person: Person) throws { try parts.write(person) }
  /// Writes the next work; works come after the people.
  public mutating func write(_ work: Work) throws { try parts.write(work) }
  /// Writes the next review; reviews come last.
  public mutating func write(_ review: Review) throws { try parts.write(review) }

  /// Closes the document.
  public mutating func finish() throws {
    try parts.finish()
  }
}

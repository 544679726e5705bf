import Foundation
import ReviewCatalog
import ReviewExporting

/// A catalog read one person, work and review at a time, for catalogs too
/// large to hold: memory stays bounded whatever the file's size.
///
/// ```swift
/// let parts = try CatalogParts(contentsOf: url)
/// print(parts.header.info.title)
/// for try await part in parts {
///   if case .review(let review) = part { index(review) }
/// }
/// ```
///
/// Each part is validated as it comes, against the parts before it, as the
/// tool validates a streamed catalog; when the catalog has problems, the
/// loop throws a `CatalogError` listing every one of them, located, after
/// the last part. Catalogs that cannot be streamed (keys out of the canonical
/// order, formats read whole) are read whole first, with the same result.
public struct CatalogParts: AsyncSequence {
  /// Each part: a person, a work or a review.
  public typealias Element = CatalogItem

  /// The catalog's version and info; its lists are empty.
  public let header: Catalog
  private let source: Source

  private enum Source {
    case stream(any CatalogStream, path: String)
    case whole(Catalog)
  }

  /// Opens the catalog at `url`, reading up to its first part.
  public init(contentsOf url: URL, format: CatalogFormat? = nil) throws(CatalogError) {
    let loader = CatalogLoader(registry: BuiltInFormats.shared)
    do {
      if let stream = try loader.openStream(path: url.path, formatName: format?.name) {
        header = stream.header
        source = .stream(stream, path: url.path)
        return
      }
    } catch let error as CatalogError {
      throw error
    } catch {
      // Not streamable after all: read it whole below.
    }
    let catalog = try Catalog(contentsOf: url, format: format)
    header = Catalog(formatVersion: catalog.formatVersion, info: catalog.info)
    source = .whole(catalog)
  }

  /// An iterator over the parts.
  public func makeAsyncIterator() -> AsyncIterator {
    switch source {
    case .stream(let stream, let path): AsyncIterator(stream: stream, path: path, header: header)
    case .whole(let catalog):
      AsyncIterator(parts: catalog.people.map(CatalogItem.person) + catalog.works.map(CatalogItem.work) + catalog.reviews.map(CatalogItem.review))
    }
  }

  /// Hands out the parts, validating each.
  public struct AsyncIterator: AsyncIteratorProtocol {
    private var stream: (any CatalogStream)?
    private var path = ""
    private var validator: CatalogValidator?
    private var parts: [CatalogItem] = []
    private var nextPart = 0
    private var counts = (people: 0, works: 0, reviews: 0)
    private var done = false

    init(stream: any CatalogStream, path: String, header: Catalog) {
      self.stream = stream
      self.path = path
      validator = CatalogValidator(formatVersion: header.formatVersion, info: header.info)
    }

    init(parts: [CatalogItem]) {
      self.parts = parts
    }

    /// The next part; `nil` after the last. Throws `CatalogError` after the
    /// last part when the catalog has problems, or at once for one that stops reading.
    public mutating func next() async throws -> CatalogItem? {
      guard let stream, !done else {
        guard nextPart < parts.count else { return nil }
        nextPart += 1
        return parts[nextPart - 1]
      }
      if let item = try stream.next() {
        switch item {
        case .person(let person):
          validator?.validate(person, at: counts.people)
          counts.people += 1
        case .work(let work):
          validator?.validate(work, at: counts.works)
          counts.works += 1
        case .review(let review):
          validator?.validate(review, at: counts.reviews)
          counts.reviews += 1
        }
        if (counts.people + counts.works + counts.reviews) % 4096 == 0 { stream.releaseConsumedInput() }
        return item
      }
      done = true
      validator?.finish()
      if let failure = CatalogError.combining(
        structural: stream.problems, rules: validator?.diagnostics ?? [], in: path, locate: { stream.locate($0) })
      {
        throw failure
      }
      return nil
    }
  }
}

import ReviewCatalog
import ReviewExporting

/// Reads catalogs in the `xml` format, as the `xml` exporter writes them,
/// with libxml2's streaming reader and its safe options only.
///
/// Malformed XML stops reading with its line and column. Unknown, repeated and
/// missing elements or attributes, and numbers that are not numbers, are all
/// reported with their paths. A DOCTYPE, entity references and nesting deeper
/// than any catalog are refused before they cost anything.
///
/// A file whose members come in the canonical order can also be read part
/// by part (``openStream(atPath:name:)``), with the same problems reported.
public struct XMLReader: StreamingCatalogReader {
  /// Creates the reader.
  public init() {}

  /// `xml`.
  public var formatName: String { "xml" }
  /// `xml`.
  public var fileExtensions: [String] { ["xml"] }

  /// Reads a catalog from XML bytes.
  public func read(_ source: CatalogSource) throws(CatalogError) -> DecodedCatalog {
    let result: Result<DecodedCatalog, CatalogError> = source.bytes.withUnsafeBufferPointer { buffer in
      var decoder: XMLValueDecoder?
      do {
        decoder = XMLValueDecoder(events: try XMLEventReader(bytes: buffer, name: source.name))
        let catalog = try decoder!.readCatalog()
        return .success(DecodedCatalog(catalog: catalog, problems: decoder!.problems))
      } catch {
        return .failure(.stopped(by: error, after: decoder?.problems ?? []))
      }
    }
    return try result.get()
  }

  /// Opens the file at `path` and reads up to its first person; `nil` when
  /// the version and info do not come first.
  public func openStream(atPath path: String, name: String) throws(CatalogError) -> (any CatalogStream)? {
    try XMLCatalogStream.open(path: path, name: name)
  }

  /// Finds the positions of elements in XML bytes by their catalog paths.
  public func locate(_ paths: Set<CatalogPath>, in source: CatalogSource) -> [CatalogPath: SourceLocation] {
    source.bytes.withUnsafeBufferPointer { buffer in
      guard let events = try? XMLEventReader(bytes: buffer, name: source.name) else { return [:] }
      return XMLLocator.locate(paths, events: events).mapValues { SourceLocation(position: $0) }
    }
  }
}

/// Walks the elements of a catalog document, recording where the wanted paths are.
enum XMLLocator {
  /// Elements whose children are array items; in any other element, a child is a key.
  static let arrayElements: Set<String> = [
    "people", "works", "reviews", "languages", "countries", "genres", "credits", "boxOffice", "rankings",
    "availability", "tags", "mentions", "quotes", "sources",
  ]

  static func locate(_ paths: Set<CatalogPath>, events: XMLEventReader) -> [CatalogPath: SourcePosition] {
    var found: [CatalogPath: SourcePosition] = [:]
    // The wanted paths and all their ancestors: an element's position is
    // recorded when it is one of them (looked up, not searched for, so
    // that thousands of problems are located in one linear walk).
    var followed = Set<CatalogPath>()
    for path in paths {
      var current: CatalogPath? = path
      while let next = current, followed.insert(next).inserted { current = next.parent }
    }
    // For each open element: its path, its name, and how many children it has had.
    var stack: [(path: CatalogPath, name: String, children: Int)] = []
    while let event = try? events.next() {
      switch event {
      case .start(let start):
        let path: CatalogPath
        if var parent = stack.last {
          path = arrayElements.contains(parent.name) ? parent.path.appending(parent.children) : parent.path.appending(start.name)
          parent.children += 1
          stack[stack.count - 1] = parent
        } else {
          path = .root
        }
        if followed.contains(path) { found[path] = start.position }
        for (name, _) in start.attributes where paths.contains(path.appending(name)) {
          found[path.appending(name)] = start.position
        }
        stack.append((path, start.name, 0))
      case .end:
        stack.removeLast()
      case .text:
        break
      case .endOfDocument:
        return found
      }
    }
    return found
  }
}

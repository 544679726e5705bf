import ReviewCatalog
import ReviewExporting

/// Reads catalogs written in YAML, by hand or by the `yaml` exporter, with
/// the system libyaml's parser.
///
/// The document is one mapping with the catalog's keys, in any order, with
/// comments anywhere. Syntax errors stop reading at their line and column;
/// unknown, duplicate and missing keys and values of the wrong type are all
/// reported with their paths and positions. Anchors and aliases are expanded
/// within a budget; nesting is bounded; only YAML's core tags are accepted.
///
/// A file whose keys come in the canonical order can also be read part by
/// part (``openStream(atPath:name:)``), with the same problems reported.
public struct YAMLReader: StreamingCatalogReader {
  /// How many times its own size a document may grow by expanding its
  /// aliases before it is refused.
  public var expansionFactor: Int
  /// About how many bytes a chunk holds at most when a large document is
  /// parsed in chunks on two threads; `nil` for the default (512 KB, on a
  /// machine with more than one core and without `REVIEW_EXPORT_THREADS=1`;
  /// documents under twice the size are parsed by one parser). `.max`
  /// parses every document with one parser. The events, positions and
  /// problems are the same either way.
  public var parseChunkSize: Int?

  /// Creates the reader.
  ///
  /// - Parameters:
  ///   - expansionFactor: How many times its own size (at least 1 MiB) a
  ///     document may grow by its aliases; 10 by default.
  ///   - parseChunkSize: See ``parseChunkSize``.
  public init(expansionFactor: Int = 10, parseChunkSize: Int? = nil) {
    self.expansionFactor = expansionFactor
    self.parseChunkSize = parseChunkSize
  }

  /// The events of `bytes`, parsed as ``parseChunkSize`` says.
  func events(_ bytes: UnsafeBufferPointer<UInt8>, owner: AnyObject? = nil) throws -> YAMLEventReader {
    guard let parseChunkSize else { return try YAMLEventReader(bytes: bytes, expansionFactor: expansionFactor, owner: owner) }
    return try YAMLEventReader(bytes: bytes, expansionFactor: expansionFactor, owner: owner, chunkSize: max(parseChunkSize, 1))
  }

  /// `yaml`.
  public var formatName: String { "yaml" }
  /// `yaml` and `yml`.
  public var fileExtensions: [String] { ["yaml", "yml"] }

  /// Reads a catalog from YAML bytes.
  public func read(_ source: CatalogSource) throws(CatalogError) -> DecodedCatalog {
    let result: Result<DecodedCatalog, CatalogError> = source.bytes.withUnsafeBufferPointer { buffer in
      var decoder: YAMLValueDecoder?
      do {
        decoder = YAMLValueDecoder(events: try events(buffer))
        guard try decoder!.events.peek() != nil else {
          throw SyntaxError(
            position: SourcePosition(line: 1, column: 1),
            message: "the file holds no YAML document; a catalog is a mapping with formatVersion, catalog, people, works and reviews")
        }
        let catalog = try decoder!.readCatalogObject()
        if try decoder!.events.next() != nil {
          throw SyntaxError(position: nil, message: "unexpected content after the catalog")
        }
        return .success(DecodedCatalog(catalog: catalog, problems: decoder!.problems))
      } catch {
        return .failure(.stopped(by: error, after: decoder?.problems ?? []))
      }
    }
    return try result.get()
  }

  /// Finds where the values at `paths` start in YAML bytes.
  public func locate(_ paths: Set<CatalogPath>, in source: CatalogSource) -> [CatalogPath: SourceLocation] {
    source.bytes.withUnsafeBufferPointer { Self.locate(paths, in: $0) }
  }

  /// Maps the file at `path` and reads up to its first person; `nil` when the
  /// file cannot be mapped or its version and info do not come first.
  public func openStream(atPath path: String, name: String) throws(CatalogError) -> (any CatalogStream)? {
    guard let file = MappedFile(path: path) else { return nil }
    return try YAMLCatalogStream.open(file, name: name, reader: self)
  }

  /// Finds where the values at `paths` start in YAML `buffer`.
  static func locate(_ paths: Set<CatalogPath>, in buffer: UnsafeBufferPointer<UInt8>) -> [CatalogPath: SourceLocation] {
    do {
      guard let events = try? YAMLEventReader(bytes: buffer) else { return [:] }
      var found: [CatalogPath: SourcePosition] = [:]
      var wanted = Set<CatalogPath>()
      for path in paths {
        var current: CatalogPath? = path
        while let candidate = current {
          wanted.insert(candidate)
          current = candidate.parent
        }
      }
      // For each open collection: its path, whether it is a mapping, and the
      // next key (mappings) or index (sequences).
      var stack: [(path: CatalogPath, isMapping: Bool, key: String?, index: Int)] = []
      func childPath() -> CatalogPath? {
        guard let top = stack.last else { return .root }
        if top.isMapping { return top.key.map { top.path.appending($0) } }
        return top.path.appending(top.index)
      }
      func finishChild() {
        guard let top = stack.last else { return }
        if top.isMapping { stack[stack.count - 1].key = nil } else { stack[stack.count - 1].index += 1 }
      }
      while let event = try? events.next() {
        switch event {
        case .scalar(let scalar):
          if let top = stack.last, top.isMapping, top.key == nil {
            stack[stack.count - 1].key = scalar.text
            continue
          }
          if let path = childPath(), wanted.contains(path) { found[path] = scalar.position }
          finishChild()
        case .mappingStart(let position), .sequenceStart(let position):
          let path = childPath() ?? .root
          if wanted.contains(path) { found[path] = position }
          let isMapping = if case .mappingStart = event { true } else { false }
          stack.append((path, isMapping, nil, 0))
        case .mappingEnd, .sequenceEnd:
          stack.removeLast()
          finishChild()
        }
      }
      return found.mapValues { SourceLocation(position: $0) }
    }
  }
}

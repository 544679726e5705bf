import ReviewCatalog
import ReviewExporting

/// A YAML catalog read part by part from a mapped file, with libyaml's
/// parser, by the walk every format shares (``PartByPartStream``) over
/// ``YAMLValueDecoder``'s document primitives. The problems found are those
/// ``YAMLReader`` finds reading the file whole.
enum YAMLCatalogStream {
  /// Reads `file` up to its first person, with `reader`'s settings; `nil`
  /// when the version and info do not come first, or the document is not a
  /// mapping.
  static func open(_ file: MappedFile, name: String, reader: YAMLReader) throws(CatalogError) -> PartByPartStream<YAMLValueDecoder>? {
    let decoder: YAMLValueDecoder
    do {
      decoder = YAMLValueDecoder(events: try reader.events(file.bytes, owner: file))
    } catch {
      throw CatalogError([Diagnostic(message: "\(error)")])
    }
    return try PartByPartStream(
      name: name, document: decoder,
      fractionRead: { Double($0.events.consumedBytes) / Double(max(file.bytes.count, 1)) },
      release: { file.release(before: $0.events.consumedBytes) },
      locate: { paths in
        file.rewind()
        return YAMLReader.locate(paths, in: file.bytes)
      },
      failure: { error, decoder in
        guard let error = error as? SyntaxError else { return CatalogError([Diagnostic(message: "\(error)")]) }
        return CatalogError(decoder.problems + [error.diagnostic])
      })
  }
}

extension YAMLValueDecoder: StreamableDocument {
  mutating func openDocument() throws -> Bool {
    guard try events.peek() != nil else {
      throw SyntaxError(
        position: SourcePosition(line: 1, column: 1),
        message: "the file holds no YAML document; a catalog is a mapping with formatVersion, catalog, people, works and reviews")
    }
    guard case .mappingStart(let start)? = try events.next() else { return false }
    documentStart = start
    return true
  }

  mutating func nextDocumentStep(seen: inout UInt32, beforeParts: Bool) throws -> DocumentStep {
    // Anything unusual before the first part is left to the whole-file reader.
    if beforeParts {
      guard case .scalar? = try events.peek() else { return .unusual }
    }
    guard let (index, _) = try nextMember(of: .document, seen: &seen) else { return .end }
    return .key(Catalog.Key(index: index))
  }

  mutating func openSection(_ section: CatalogSection) throws -> Bool {
    guard case .sequenceStart? = try events.peek() else {
      // Reported as the whole-file reader reports it; the sequence is then empty.
      let _: Bool? = try mismatch(expected: "a sequence of \(section.key)")
      return false
    }
    _ = try events.next()
    return true
  }

  mutating func nextSectionItem(_ section: CatalogSection, afterItem: Bool) throws -> Bool {
    switch try events.peek() {
    case .sequenceEnd?:
      _ = try events.next()
      return false
    case nil:
      throw SyntaxError(position: nil, message: "unexpected end of the document")
    default:
      return true
    }
  }

  mutating func closeDocument(seen: UInt32) throws {
    reportMissing(of: .document, seen: seen, at: documentStart)
    if try events.next() != nil {
      throw SyntaxError(position: nil, message: "unexpected content after the catalog")
    }
  }
}

import ReviewCatalog
import ReviewExporting

/// A JSON catalog read part by part from a mapped file, by the walk every
/// format shares (``PartByPartStream``) over ``JSONValueDecoder``'s document
/// primitives. The problems found are those ``JSONReader`` finds reading the
/// file whole.
enum JSONCatalogStream {
  /// Reads `file` up to its first person; `nil` when the version and info
  /// do not come first, or the document is not an object.
  static func open(_ file: MappedFile, name: String) throws(CatalogError) -> PartByPartStream<JSONValueDecoder>? {
    try PartByPartStream(
      name: name, document: JSONValueDecoder(bytes: file.bytes),
      fractionRead: { Double($0.scanner.offset) / Double(max(file.bytes.count, 1)) },
      release: { file.release(before: $0.scanner.offset) },
      locate: { paths in
        file.rewind()
        var locator = JSONLocator(bytes: file.bytes)
        var lastRelease = 0
        locator.onItem = { offset in
          if offset - lastRelease > 1 << 26 {
            file.release(before: offset)
            lastRelease = offset
          }
        }
        return locator.locate(paths).mapValues { SourceLocation(position: $0) }
      },
      failure: { error, document in
        var decoder = document
        guard let error = error as? JSONSyntaxError else { return CatalogError([Diagnostic(message: "\(error)")]) }
        let syntax = Diagnostic(position: decoder.positions.position(of: error.offset, in: file.bytes), message: error.message)
        return CatalogError(decoder.problems + [syntax])
      })
  }
}

extension JSONValueDecoder: StreamableDocument {
  mutating func openDocument() throws -> Bool {
    guard try readDocumentStart() else { return false }
    documentStart = scanner.offset
    scanner.offset += 1
    documentMembers = 0
    return true
  }

  mutating func nextDocumentStep(seen: inout UInt32, beforeParts: Bool) throws -> DocumentStep {
    while true {
      if documentMembers == 0 {
        if scanner.consume(UInt8(ascii: "}")) { return .end }
      } else if !scanner.consume(UInt8(ascii: ",")) {
        try scanner.expect(UInt8(ascii: "}"), "',' or '}'")
        return .end
      }
      documentMembers += 1
      path = []
      // Repeated and unknown keys are reported and skipped by readKey.
      guard let index = try readKey(of: .document, seen: &seen) else { continue }
      return .key(Catalog.Key(index: index))
    }
  }

  mutating func openSection(_ section: CatalogSection) throws -> Bool {
    let kind = try scanner.peekKind()
    guard kind == .array else {
      // Reported as the whole-document reader reports it; the array is then empty.
      let _: Bool? = try mismatch(expected: "an array of \(section.key)", found: kind)
      return false
    }
    scanner.offset += 1
    return true
  }

  mutating func nextSectionItem(_ section: CatalogSection, afterItem: Bool) throws -> Bool {
    if !afterItem { return !scanner.consume(UInt8(ascii: "]")) }
    if scanner.consume(UInt8(ascii: ",")) { return true }
    try scanner.expect(UInt8(ascii: "]"), "',' or ']'")
    return false
  }

  mutating func closeDocument(seen: UInt32) throws {
    reportMissingKeys(of: .document, seen: seen, objectStart: documentStart)
    try readDocumentEnd()
  }
}

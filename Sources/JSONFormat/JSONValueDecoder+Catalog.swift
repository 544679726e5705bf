import ReviewCatalog

extension JSONValueDecoder {
  /// Reads a whole catalog document: one object and nothing after it.
  mutating func readCatalog() throws -> Catalog {
    try readDocumentStart()
    let catalog = try readCatalogObject()
    try readDocumentEnd()
    return catalog
  }

  /// Checks the document's encoding and skips to its first value. Returns
  /// whether that value is an object.
  @discardableResult
  mutating func readDocumentStart() throws -> Bool {
    let bytes = scanner.bytes
    if bytes.count >= 2
      && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)
        || (bytes[0] == 0 && bytes[1] != 0) || (bytes[0] != 0 && bytes[1] == 0))
    {
      throw JSONSyntaxError(offset: 0, message: "the file is UTF-16 or UTF-32, not UTF-8; save it as UTF-8")
    }
    scanner.skipWhitespace()
    if scanner.isAtEnd {
      throw JSONSyntaxError(offset: scanner.offset, message: "the file is empty; a catalog is a JSON object that starts with '{'")
    }
    return try scanner.peekKind() == .object
  }

  /// Checks that nothing follows the document.
  mutating func readDocumentEnd() throws {
    scanner.skipWhitespace()
    if !scanner.isAtEnd {
      throw JSONSyntaxError(offset: scanner.offset, message: "unexpected content after the end of the catalog")
    }
  }
}

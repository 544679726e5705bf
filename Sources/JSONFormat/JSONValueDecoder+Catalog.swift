import ReviewCatalog

extension JSONValueDecoder {
  /// Reads a whole catalog document: one object and nothing after it.
  mutating func readCatalog() throws -> Catalog {
    scanner.skipWhitespace()
    if scanner.isAtEnd {
      throw JSONSyntaxError(offset: scanner.offset, message: "the file is empty; a catalog is a JSON object that starts with '{'")
    }
    let catalog = try readCatalogObject()
    scanner.skipWhitespace()
    if !scanner.isAtEnd {
      throw JSONSyntaxError(offset: scanner.offset, message: "unexpected content after the end of the catalog")
    }
    return catalog
  }
}

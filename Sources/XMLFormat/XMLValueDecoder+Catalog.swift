import ReviewCatalog

extension XMLValueDecoder {
  /// Reads the whole document: the root element, then the catalog with the
  /// mapping every format shares (``CatalogDecoding/readCatalogObject()``).
  mutating func readCatalog() throws -> Catalog {
    var catalog: Catalog?
    readingEvents: while true {
      switch try events.next() {
      case .endOfDocument: break readingEvents
      case .text: continue
      case .end: continue
      case .start(let root):
        guard catalog == nil else { break }
        try Self.checkRoot(root)
        pending = .element(root)
        catalog = try readCatalogObject()
      }
    }
    guard let catalog else { throw SyntaxError(position: nil, message: "the document has no root element") }
    return catalog
  }

  /// Refuses a root element other than `<reviewCatalog>` in the catalog's namespace.
  static func checkRoot(_ root: XMLStartElement) throws {
    guard root.name == "reviewCatalog", root.namespace == XMLTreeWriter.namespace else {
      throw SyntaxError(
        position: root.position,
        message: "the root element is <\(root.name)>\(root.namespace.map { " in namespace \($0)" } ?? "");"
          + " a catalog is <reviewCatalog xmlns=\"\(XMLTreeWriter.namespace)\">")
    }
  }
}

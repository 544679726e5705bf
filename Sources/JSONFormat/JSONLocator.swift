import ReviewCatalog

/// Finds where values are in a JSON document, by their catalog paths.
///
/// Used only after a catalog turned out to have problems, so that reading
/// never pays for remembering positions. It descends only into values on the
/// way to a wanted path and skips the rest.
struct JSONLocator {
  private var scanner: JSONScanner
  private var wanted: Set<CatalogPath> = []
  private var found: [CatalogPath: SourcePosition] = [:]
  /// Where the locator has counted lines and columns to; handed from one
  /// line of a JSON Lines file to the next, so that every line is counted once.
  private(set) var positions: SourcePositionCounter
  /// Called with the offset of each item of the top-level arrays, so that a
  /// caller can let go of the memory behind it.
  var onItem: ((Int) -> Void)?

  /// A locator of the value that starts at `start` in `bytes` (the
  /// document, or one line of a JSON Lines file); positions count from the
  /// start of `bytes`, counted on from `positions`.
  init(bytes: UnsafeBufferPointer<UInt8>, start: Int = 0, positions: SourcePositionCounter = SourcePositionCounter()) {
    scanner = JSONScanner(bytes: bytes)
    scanner.offset = start
    self.positions = positions
  }

  /// The positions of the values at `paths`, and of every value enclosing them.
  mutating func locate(_ paths: Set<CatalogPath>) -> [CatalogPath: SourcePosition] {
    for path in paths {
      var current: CatalogPath? = path
      while let candidate = current {
        wanted.insert(candidate)
        current = candidate.parent
      }
    }
    var path = CatalogPath()
    try? visit(&path)
    return found
  }

  private mutating func visit(_ path: inout CatalogPath) throws(JSONSyntaxError) {
    let kind = try scanner.peekKind()
    guard wanted.contains(path) else {
      try scanner.skipValue()
      return
    }
    found[path] = positions.position(of: scanner.offset, in: scanner.bytes)
    switch kind {
    case .object:
      scanner.offset += 1
      if scanner.consume(UInt8(ascii: "}")) { return }
      repeat {
        let key = try scanner.readString()
        try scanner.expect(UInt8(ascii: ":"), "':'")
        path.components.append(.key(key))
        try visit(&path)
        path.components.removeLast()
      } while scanner.consume(UInt8(ascii: ","))
      try scanner.expect(UInt8(ascii: "}"), "'}'")
    case .array:
      scanner.offset += 1
      if scanner.consume(UInt8(ascii: "]")) { return }
      var index = 0
      repeat {
        if path.components.count == 1 { onItem?(scanner.offset) }
        path.components.append(.index(index))
        try visit(&path)
        path.components.removeLast()
        index += 1
      } while scanner.consume(UInt8(ascii: ","))
      try scanner.expect(UInt8(ascii: "]"), "']'")
    default:
      try scanner.skipValue()
    }
  }
}

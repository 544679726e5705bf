import ReviewCatalog
import ReviewExporting

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A quick pass over an XML document's bytes just ahead of libxml2, refusing
/// what would cost libxml2 dearly before it costs anything:
///
/// - a document type declaration (`<!DOCTYPE`), which could define entities
///   that expand without bound (billion laughs) or read other files; it is
///   reported at its own line and column;
/// - a start tag with more attributes than any element of a catalog has
///   (``maximumAttributes``): libxml2 checks a tag's attributes for
///   repeats pairwise, so 200,000 of them take minutes.
///
/// Text is skipped a `<` at a time; comments, CDATA sections and processing
/// instructions are skipped whole, and quoted attribute values may hold `>`.
///
/// The scan is resumable: the parser checks each chunk (``check(through:)``)
/// before it feeds libxml2 that chunk, so libxml2 never sees a byte the scan
/// has not passed, and the scan costs no pass of its own over the file (a
/// whole pass first cost 8% of reading a large document, every page read
/// twice, the other core idle meanwhile).
struct XMLPreScan {
  /// More than any catalog element has (the root has `formatVersion` and its
  /// namespace declarations).
  static let maximumAttributes = 32

  private let bytes: UnsafeBufferPointer<UInt8>
  /// Every byte before it has been checked; a construct that starts before a
  /// limit is checked whole, so this may pass the limit.
  private var index = 0
  /// The refusal, once found; the scan goes no further.
  private var refused: SyntaxError?

  /// A scan of `bytes`, none checked yet.
  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
  }

  /// Checks the bytes up to `limit` (and the rest of a construct that
  /// starts before it); the first thing refused so far, or `nil`.
  mutating func check(through limit: Int) -> SyntaxError? {
    if refused == nil { refused = scan(through: min(limit, bytes.count)) }
    return refused
  }

  private mutating func scan(through limit: Int) -> SyntaxError? {
    let count = bytes.count
    guard let base = bytes.baseAddress, count > 0 else { return nil }
    var index = self.index
    defer { self.index = index }
    func starts(with text: StaticString, at offset: Int) -> Bool {
      let length = text.utf8CodeUnitCount
      guard offset + length <= count else { return false }
      return memcmp(base + offset, text.utf8Start, length) == 0
    }
    /// Moves `index` past the next `terminator`, or to the end.
    func skip(past terminator: StaticString) {
      while index < count {
        guard let found = memchr(base + index, Int32(terminator.utf8Start.pointee), count - index) else {
          index = count
          return
        }
        index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        if starts(with: terminator, at: index) {
          index += terminator.utf8CodeUnitCount
          return
        }
        index += 1
      }
    }
    while index < limit {
      guard let found = memchr(base + index, Int32(UInt8(ascii: "<")), limit - index) else {
        index = limit
        return nil
      }
      let tag = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
      index = tag + 1
      if starts(with: "<!--", at: tag) {
        index = tag + 4
        skip(past: "-->")
      } else if starts(with: "<![CDATA[", at: tag) {
        index = tag + 9
        skip(past: "]]>")
      } else if starts(with: "<?", at: tag) {
        skip(past: "?>")
      } else if starts(with: "<!", at: tag) {
        // <!DOCTYPE, or any other declaration: none belongs in a catalog.
        return SyntaxError(
          position: Self.position(of: tag, in: bytes),
          message: "a document type declaration (<!DOCTYPE …>) is not accepted: its entities could expand without bound or read other files")
      } else if index < count && bytes[index] != UInt8(ascii: "/") {
        // A start tag: count its attributes (each has one '=' outside quotes).
        var attributes = 0
        var quote: UInt8 = 0
        while index < count {
          let byte = bytes[index]
          if quote != 0 {
            if byte == quote { quote = 0 }
          } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
            quote = byte
          } else if byte == UInt8(ascii: "=") {
            attributes += 1
            if attributes > Self.maximumAttributes {
              return SyntaxError(
                position: Self.position(of: tag, in: bytes),
                message: "an element with more than \(Self.maximumAttributes) attributes; no element of a catalog has more than a few")
            }
          } else if byte == UInt8(ascii: ">") {
            break
          }
          index += 1
        }
      }
    }
    return nil
  }

  /// The line and column (in characters) of a byte offset.
  private static func position(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> SourcePosition {
    var line = 1
    var column = 1
    for byte in bytes[..<offset] {
      if byte == 0x0A {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
    }
    return SourcePosition(line: line, column: column)
  }
}

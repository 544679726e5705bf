import ReviewCatalog
import ReviewExporting

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A quick pass over an XML document's bytes before libxml2 parses it,
/// refusing what would cost libxml2 dearly before it costs anything:
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
enum XMLPreScan {
  /// More than any catalog element has (the root has `formatVersion` and its
  /// namespace declarations).
  static let maximumAttributes = 32

  /// The first thing refused, or `nil`.
  static func check(_ bytes: UnsafeBufferPointer<UInt8>, releasing file: MappedFile? = nil) -> SyntaxError? {
    // The pages scanned are handed back, so that the scan of a large file does
    // not hold it all in memory; the reading that follows starts again.
    defer { file?.rewind() }
    var released = 0
    let count = bytes.count
    guard let base = bytes.baseAddress, count > 0 else { return nil }
    var index = 0
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
    while index < count {
      if let file, index - released >= 1 << 23 {
        file.release(before: index)
        released = index
      }
      guard let found = memchr(base + index, Int32(UInt8(ascii: "<")), count - index) else { return nil }
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
          position: position(of: tag, in: bytes),
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
            if attributes > maximumAttributes {
              return SyntaxError(
                position: position(of: tag, in: bytes),
                message: "an element with more than \(maximumAttributes) attributes; no element of a catalog has more than a few")
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

import ReviewCatalog
import ReviewExporting

/// A JSON catalog read review by review from a mapped file.
///
/// Opening reads the document up to the `reviews` array: `formatVersion`,
/// `catalog`, `people` and `works` must all come before it (as they do in the
/// canonical order), or the file is not streamed. Each ``nextReview()`` reads
/// one review; after the last, the rest of the document is read and checked
/// as ``JSONReader`` checks it, so the problems found are the same.
final class JSONReviewStream: ReviewStream {
  let name: String
  private var head = Catalog(formatVersion: 0, info: CatalogInfo(id: "", title: ""))
  private let file: MappedFile
  private var decoder: JSONValueDecoder
  /// The document's keys read so far.
  private var seen: UInt32 = 0
  private var documentStart = 0
  private var nextIndex = 0
  private var inReviews = true

  /// Reads the head of the file; `nil` when the reviews do not come after
  /// everything else, or the document is not an object.
  init?(file: MappedFile, name: String) throws(CatalogError) {
    self.file = file
    self.name = name
    decoder = JSONValueDecoder(bytes: file.bytes)
    // The people and works can be tens of megabytes: let go of them as they are read.
    var lastRelease = 0
    decoder.onDocumentArrayItem = { [file] offset in
      if offset - lastRelease > 1 << 22 {
        file.release(before: offset)
        lastRelease = offset
      }
    }
    do {
      guard try readHead() else { return nil }
      decoder.onDocumentArrayItem = nil
      file.release(before: decoder.scanner.offset)
    } catch {
      throw failure(error)
    }
  }

  var problems: [Diagnostic] { decoder.problems }

  func takeHead() -> Catalog {
    defer { head = Catalog(formatVersion: head.formatVersion, info: head.info) }
    return head
  }

  var fractionRead: Double { Double(decoder.scanner.offset) / Double(max(file.bytes.count, 1)) }

  func nextReview() throws(CatalogError) -> Review? {
    guard inReviews else { return nil }
    do {
      decoder.path = [.key("reviews"), .index(nextIndex)]
      let review = try decoder.readReview()
      nextIndex += 1
      if !decoder.scanner.consume(UInt8(ascii: ",")) {
        try decoder.scanner.expect(UInt8(ascii: "]"), "',' or ']'")
        try readTail()
      }
      return review
    } catch {
      throw failure(error)
    }
  }

  func releaseConsumedInput() {
    file.release(before: decoder.scanner.offset)
  }

  func locate(_ paths: Set<CatalogPath>) -> [CatalogPath: SourceLocation] {
    file.rewind()
    var locator = JSONLocator(bytes: file.bytes)
    var lastRelease = 0
    locator.onItem = { [file] offset in
      if offset - lastRelease > 1 << 26 {
        file.release(before: offset)
        lastRelease = offset
      }
    }
    return locator.locate(paths).mapValues { SourceLocation(position: $0) }
  }

  // MARK: Reading

  /// Reads up to the first review. Returns `false` when the file cannot be streamed.
  private func readHead() throws -> Bool {
    guard try decoder.readDocumentStart() else { return false }
    documentStart = decoder.scanner.offset
    decoder.scanner.offset += 1
    if decoder.scanner.consume(UInt8(ascii: "}")) { return false }
    repeat {
      let before = seen
      guard let key = try decoder.readKey(of: .document, seen: &seen) else { continue }
      guard key == 4 else {
        decoder.path = [.key(ObjectShape.document.keys[key])]
        try decoder.readDocumentMember(key, into: &head)
        decoder.path = []
        continue
      }
      // The reviews: stream them only if everything they refer to has been read.
      guard before & 0b1111 == 0b1111, try decoder.scanner.peekKind() == .array else { return false }
      decoder.scanner.offset += 1
      if decoder.scanner.consume(UInt8(ascii: "]")) { try readTail() }
      return true
    } while decoder.scanner.consume(UInt8(ascii: ","))
    // The document ended without reviews.
    return false
  }

  /// Reads what follows the reviews: the document's other keys, its end, and nothing after it.
  private func readTail() throws {
    inReviews = false
    decoder.path = []
    while decoder.scanner.consume(UInt8(ascii: ",")) {
      // Every key has been seen by now: anything here is a repeat or
      // unknown, which readKey reports and skips.
      let key = try decoder.readKey(of: .document, seen: &seen)
      assert(key == nil)
    }
    try decoder.scanner.expect(UInt8(ascii: "}"), "',' or '}'")
    decoder.reportMissingKeys(of: .document, seen: seen, objectStart: documentStart)
    try decoder.readDocumentEnd()
  }

  private func failure(_ error: any Error) -> CatalogError {
    guard let error = error as? JSONSyntaxError else { return CatalogError([Diagnostic(message: "\(error)")]) }
    let syntax = Diagnostic(position: decoder.positions.position(of: error.offset, in: file.bytes), message: error.message)
    return CatalogError(decoder.problems + [syntax])
  }
}

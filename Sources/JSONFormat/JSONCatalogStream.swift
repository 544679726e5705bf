import ReviewCatalog
import ReviewExporting

/// A JSON catalog read part by part from a mapped file.
///
/// Opening reads the document up to its first person: `formatVersion` and
/// `catalog` must come before `people`, as in the canonical order, or the
/// file is not streamed. Each ``next()`` reads one person, work or review;
/// `works` must follow `people`, and `reviews` the works, or ``next()``
/// throws ``StreamOrderError``. After the last review the rest of the
/// document is read and checked as ``JSONReader`` checks it, so the problems
/// found are the same.
final class JSONCatalogStream: CatalogStream {
  let name: String
  private(set) var header = Catalog(formatVersion: 0, info: CatalogInfo(id: "", title: ""))
  private let file: MappedFile
  private var decoder: JSONValueDecoder
  /// The document's keys read so far, as bits of ``ObjectShape/document``'s keys.
  private var seen: UInt32 = 0
  private var documentStart = 0
  /// The array being read.
  private var section: CatalogSection?
  /// The last array begun.
  private var lastSection: CatalogSection?
  private var nextIndex = 0
  private var isDone = false

  /// Reads up to the first person; `nil` when the version and info do not
  /// come first, or the document is not an object.
  init?(file: MappedFile, name: String) throws(CatalogError) {
    self.file = file
    self.name = name
    decoder = JSONValueDecoder(bytes: file.bytes)
    do {
      guard try readHeader() else { return nil }
    } catch {
      throw failure(error)
    }
  }

  var problems: [Diagnostic] { decoder.problems }

  var fractionRead: Double { Double(decoder.scanner.offset) / Double(file.bytes.count) }

  func next() throws -> CatalogItem? {
    do {
      while !isDone {
        if let section {
          decoder.path = [.key(section.key), .index(nextIndex)]
          let item = try decoder.readItem(of: section)
          nextIndex += 1
          if !decoder.scanner.consume(UInt8(ascii: ",")) {
            try decoder.scanner.expect(UInt8(ascii: "]"), "',' or ']'")
            self.section = nil
          }
          return item
        }
        try readBetweenSections()
      }
      return nil
    } catch let error as StreamOrderError {
      throw error
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

  /// Reads up to the first part. Returns `false` when the file cannot be streamed.
  private func readHeader() throws -> Bool {
    guard try decoder.readDocumentStart() else { return false }
    documentStart = decoder.scanner.offset
    decoder.scanner.offset += 1
    if decoder.scanner.consume(UInt8(ascii: "}")) { return false }
    repeat {
      let before = seen
      guard let key = try decoder.readKey(of: .document, seen: &seen) else { continue }
      if key < 2 {
        decoder.path = [.key(ObjectShape.document.keys[key])]
        try decoder.readDocumentMember(Catalog.Key(index: key), into: &header)
        decoder.path = []
        continue
      }
      // The parts: stream them only if the version and info came first, and the people come first of them.
      guard before & 0b11 == 0b11, CatalogSection(documentKey: key) == .people else { return false }
      try beginSection(.people)
      return true
    } while decoder.scanner.consume(UInt8(ascii: ","))
    return false
  }

  /// Reads the document between two arrays (or after the last): the next key, or the end.
  private func readBetweenSections() throws {
    guard decoder.scanner.consume(UInt8(ascii: ",")) else {
      try decoder.scanner.expect(UInt8(ascii: "}"), "',' or '}'")
      decoder.path = []
      decoder.reportMissingKeys(of: .document, seen: seen, objectStart: documentStart)
      try decoder.readDocumentEnd()
      isDone = true
      return
    }
    decoder.path = []
    // Repeated and unknown keys are reported and skipped by readKey; the
    // version and info were read before the first part, so only arrays are left.
    guard let key = try decoder.readKey(of: .document, seen: &seen), let found = CatalogSection(documentKey: key) else { return }
    try StreamOrderError.check(found, after: lastSection)
    try beginSection(found)
  }

  /// Starts reading the array of `section`, positioned at its value.
  private func beginSection(_ section: CatalogSection) throws {
    lastSection = section
    nextIndex = 0
    decoder.path = [.key(section.key)]
    let kind = try decoder.scanner.peekKind()
    guard kind == .array else {
      // Reported as the whole-document reader reports it; the array is then empty.
      let _: Bool? = try decoder.mismatch(expected: "an array of \(section.key)", found: kind)
      return
    }
    decoder.scanner.offset += 1
    if !decoder.scanner.consume(UInt8(ascii: "]")) { self.section = section }
  }

  private func failure(_ error: any Error) -> CatalogError {
    guard let error = error as? JSONSyntaxError else { return CatalogError([Diagnostic(message: "\(error)")]) }
    let syntax = Diagnostic(position: decoder.positions.position(of: error.offset, in: file.bytes), message: error.message)
    return CatalogError(decoder.problems + [syntax])
  }
}

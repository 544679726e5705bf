import ReviewCatalog
import ReviewExporting

/// A YAML catalog read part by part from a mapped file, with libyaml's parser.
///
/// Like the JSON stream: `formatVersion` and `catalog` must come before
/// `people`, or the file is not streamed; `works` must follow `people`, and
/// `reviews` the works, or ``next()`` throws ``StreamOrderError``. The
/// problems found are those ``YAMLReader`` finds reading the file whole.
final class YAMLCatalogStream: CatalogStream {
  let name: String
  private(set) var header = Catalog(formatVersion: 0, info: CatalogInfo(id: "", title: ""))
  private let file: MappedFile
  private var decoder: YAMLValueDecoder
  private var seen: UInt32 = 0
  private var documentStart: SourcePosition?
  /// The sequence being read.
  private var section: CatalogSection?
  /// The last sequence begun.
  private var lastSection: CatalogSection?
  private var nextIndex = 0
  private var isDone = false

  /// Reads up to the first person; `nil` when the version and info do not
  /// come first, or the document is not a mapping.
  init?(file: MappedFile, name: String, expansionFactor: Int) throws(CatalogError) {
    self.file = file
    self.name = name
    do {
      decoder = YAMLValueDecoder(events: try YAMLEventReader(bytes: file.bytes, expansionFactor: expansionFactor))
    } catch {
      throw CatalogError([Diagnostic(message: "\(error)")])
    }
    do {
      guard try readHeader() else { return nil }
    } catch {
      throw failure(error)
    }
  }

  var problems: [Diagnostic] { decoder.problems }

  var fractionRead: Double { Double(decoder.events.consumedBytes) / Double(file.bytes.count) }

  func next() throws -> CatalogItem? {
    do {
      while !isDone {
        if let section {
          switch try decoder.events.peek() {
          case .sequenceEnd?:
            _ = try decoder.events.next()
            self.section = nil
            continue
          case nil:
            throw YAMLReadError(position: nil, message: "unexpected end of the document")
          default:
            break
          }
          decoder.path = [.key(section.key), .index(nextIndex)]
          let item = try decoder.readItem(of: section)
          nextIndex += 1
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
    file.release(before: decoder.events.consumedBytes)
  }

  func locate(_ paths: Set<CatalogPath>) -> [CatalogPath: SourceLocation] {
    file.rewind()
    return YAMLReader.locate(paths, in: file.bytes)
  }

  // MARK: Reading

  /// Reads up to the first part. Returns `false` when the file cannot be streamed.
  private func readHeader() throws -> Bool {
    guard try decoder.events.peek() != nil else {
      throw YAMLReadError(
        position: SourcePosition(line: 1, column: 1),
        message: "the file holds no YAML document; a catalog is a mapping with formatVersion, catalog, people, works and reviews")
    }
    guard case .mappingStart(let start)? = try decoder.events.next() else { return false }
    documentStart = start
    while true {
      // Anything unusual before the first part is left to the whole-file reader.
      guard case .scalar(let key)? = try decoder.events.next() else { return false }
      let before = seen
      guard let index = try readKey(key) else { continue }
      if index < 2 {
        decoder.path = [.key(ObjectShape.document.keys[index])]
        try decoder.readDocumentMember(Catalog.Key(index: index), into: &header)
        decoder.path = []
        continue
      }
      guard before & 0b11 == 0b11, CatalogSection(documentKey: index) == .people else { return false }
      try beginSection(.people)
      return true
    }
  }

  /// Reads the document between two sequences (or after the last): the next key, or the end.
  private func readBetweenSections() throws {
    decoder.path = []
    guard let event = try decoder.events.next() else {
      throw YAMLReadError(position: nil, message: "unexpected end of the document")
    }
    switch event {
    case .mappingEnd:
      let shape = ObjectShape.document
      var missing = shape.requiredMask & ~seen
      while missing != 0 {
        let index = missing.trailingZeroBitCount
        missing &= missing - 1
        decoder.report(documentStart, path: [.key(shape.keys[index])], "missing required key '\(shape.keys[index])' in \(shape.name)")
      }
      if try decoder.events.next() != nil {
        throw YAMLReadError(position: nil, message: "unexpected content after the catalog")
      }
      isDone = true
    case .scalar(let key):
      guard let index = try readKey(key), let found = CatalogSection(documentKey: index) else { return }
      try StreamOrderError.check(found, after: lastSection)
      try beginSection(found)
    case .mappingStart(let position), .sequenceStart(let position):
      decoder.report(position, path: [], "a key in \(ObjectShape.document.name) must be a plain word, not a collection")
      try decoder.skipCollection(startedBy: event)
      try decoder.skipNode()
    case .sequenceEnd:
      throw YAMLReadError(position: nil, message: "unexpected end of a sequence")
    }
  }

  /// The index of a document key seen for the first time; an unknown or
  /// repeated key is reported, its value skipped, and `nil` returned.
  private func readKey(_ key: YAMLScalar) throws -> Int? {
    let shape = ObjectShape.document
    guard let index = shape.keys.firstIndex(of: key.text) else {
      decoder.report(key.position, path: [], shape.unknownKeyMessage(key.text), replacesValue: false)
      try decoder.skipNode()
      return nil
    }
    let bit: UInt32 = 1 << UInt32(index)
    guard seen & bit == 0 else {
      decoder.report(key.position, path: [.key(key.text)], "duplicate key \(ScalarRules.quoted(key.text)); each key may appear once in \(shape.name)", replacesValue: false)
      try decoder.skipNode()
      return nil
    }
    seen |= bit
    return index
  }

  /// Starts reading the sequence of `section`.
  private func beginSection(_ section: CatalogSection) throws {
    lastSection = section
    nextIndex = 0
    decoder.path = [.key(section.key)]
    guard case .sequenceStart? = try decoder.events.peek() else {
      // Reported as the whole-file reader reports it; the sequence is then empty.
      let _: Bool? = try decoder.mismatch(expected: "a sequence of \(section.key)")
      return
    }
    _ = try decoder.events.next()
    self.section = section
  }

  private func failure(_ error: any Error) -> CatalogError {
    guard let error = error as? YAMLReadError else { return CatalogError([Diagnostic(message: "\(error)")]) }
    return CatalogError(decoder.problems + [Diagnostic(position: error.position, message: error.message)])
  }
}

import ReviewCatalog

/// What the top level of a catalog document gives next, as
/// ``PartByPartStream`` walks it.
public enum DocumentStep: Sendable {
  /// A key of the document seen for the first time, positioned at its value.
  case key(Catalog.Key)
  /// Something out of the ordinary before the first part, which a streamed
  /// reading leaves to the whole-file reader.
  case unusual
  /// The document's end.
  case end
}

/// The document primitives a format's decoder implements, beside those of
/// `CatalogDecoding`, so that ``PartByPartStream`` can read its catalogs
/// part by part. Each reports what is wrong as the whole-file reading does
/// (the same messages, at the same places), so that a streamed catalog gives
/// the same problems as one read whole.
public protocol StreamableDocument: CatalogDecoding {
  /// Where the decoder is in the catalog, for the problems it reports.
  var path: [CatalogPath.Component] { get set }
  /// The structural problems found so far.
  var problems: [Diagnostic] { get }

  /// Opens the document. `false` when it is not an object (a mapping, a
  /// root element): it is then read whole.
  mutating func openDocument() throws -> Bool
  /// The next member of the document seen for the first time (marked in
  /// `seen`, a bit per key of `Catalog.Key`), positioned at its value;
  /// unknown and repeated keys are reported and stepped over. With
  /// `beforeParts`, anything out of the ordinary gives ``DocumentStep/unusual``.
  mutating func nextDocumentStep(seen: inout UInt32, beforeParts: Bool) throws -> DocumentStep
  /// Opens the array of `section` at the current value. `false` when the
  /// value is not an array (reported as the whole-file reader reports it).
  mutating func openSection(_ section: CatalogSection) throws -> Bool
  /// Whether the open array of `section` has another item, positioned at
  /// it; at its end, closes it and returns `false`. `afterItem` says whether
  /// an item was read since the array opened.
  mutating func nextSectionItem(_ section: CatalogSection, afterItem: Bool) throws -> Bool
  /// At the document's end: reports its missing keys and checks what follows it.
  mutating func closeDocument(seen: UInt32) throws
  /// Reads one item of `section` (`CatalogDecoding/readItem(of:)`). A
  /// requirement, so that its witness, made where the decoder's type is
  /// known, runs the shared mapping specialised for it.
  mutating func readPart(of section: CatalogSection) throws -> CatalogItem
  /// Reads the document's member `key` into `catalog` (`CatalogDecoding/readDocumentMember(_:into:)`).
  mutating func readHeaderMember(_ key: Catalog.Key, into catalog: inout Catalog) throws
}

extension StreamableDocument {
  /// The shared mapping's item.
  @inlinable
  public mutating func readPart(of section: CatalogSection) throws -> CatalogItem {
    try readItem(of: section)
  }

  /// The shared mapping's member.
  @inlinable
  public mutating func readHeaderMember(_ key: Catalog.Key, into catalog: inout Catalog) throws {
    try readDocumentMember(key, into: &catalog)
  }
}

/// A catalog read part by part, in any format whose decoder is a
/// ``StreamableDocument``: the one walk of the document's top level that
/// every streaming reader shares.
///
/// Opening reads the document up to its first person: `formatVersion` and
/// `catalog` must come before `people`, as in the canonical order, or the
/// file is not streamed (``init(name:document:fractionRead:release:locate:failure:)``
/// returns `nil`). Each ``next()`` reads one person, work or review, with
/// the mapping every format shares (`CatalogDecoding/readItem(of:)`);
/// `works` must follow `people`, and `reviews` the works, or ``next()``
/// throws ``StreamOrderError``. After the last review the rest of the
/// document is read and checked.
public final class PartByPartStream<Document: StreamableDocument>: CatalogStream {
  /// The name diagnostics give the source.
  public let name: String
  /// The catalog's version and info.
  public private(set) var header = Catalog(formatVersion: 0, info: CatalogInfo(id: "", title: ""))
  private var document: Document
  /// The document's keys read so far, a bit each.
  private var seen: UInt32 = 0
  /// The array being read.
  private var section: CatalogSection?
  /// The last array begun.
  private var lastSection: CatalogSection?
  private var nextIndex = 0
  private var isDone = false
  private let fraction: (Document) -> Double
  private let release: (Document) -> Void
  private let locator: (Set<CatalogPath>) -> [CatalogPath: SourceLocation]
  private let failure: (any Error, Document) -> CatalogError

  /// Reads `document` up to its first person; `nil` when its version and
  /// info do not come first, and it should be read whole.
  ///
  /// - Parameters:
  ///   - name: The name diagnostics give the source.
  ///   - document: The format's decoder, at the document's start.
  ///   - fractionRead: How much of the source the decoder has read, from 0 to 1.
  ///   - release: Lets the memory of what the decoder has read go.
  ///   - locate: Finds the positions of values, reading the source again.
  ///   - failure: The error for a problem that stops reading, with the
  ///     problems found before it.
  public init?(
    name: String, document: Document, fractionRead: @escaping (Document) -> Double,
    release: @escaping (Document) -> Void, locate: @escaping (Set<CatalogPath>) -> [CatalogPath: SourceLocation],
    failure: @escaping (any Error, Document) -> CatalogError
  ) throws(CatalogError) {
    self.name = name
    self.document = document
    self.fraction = fractionRead
    self.release = release
    self.locator = locate
    self.failure = failure
    do {
      guard try readHeader() else { return nil }
    } catch {
      throw failure(error, self.document)
    }
  }

  /// The structural problems found so far.
  public var problems: [Diagnostic] { document.problems }

  /// How much of the source has been read.
  public var fractionRead: Double { fraction(document) }

  /// The next person, work or review, or `nil` after the last.
  public func next() throws -> CatalogItem? {
    do {
      while !isDone {
        guard let section else {
          try readBetweenSections()
          continue
        }
        guard try document.nextSectionItem(section, afterItem: nextIndex > 0) else {
          self.section = nil
          continue
        }
        // Reset in place: the path's storage is kept from item to item
        // (a new array per item grew again, by reallocation, as it was read).
        document.path.removeAll(keepingCapacity: true)
        document.path.append(.key(section.key))
        document.path.append(.index(nextIndex))
        let item = try document.readPart(of: section)
        nextIndex += 1
        return item
      }
      return nil
    } catch let error as StreamOrderError {
      throw error
    } catch {
      throw failure(error, document)
    }
  }

  /// Lets the memory that held what was read go.
  public func releaseConsumedInput() {
    release(document)
  }

  /// The positions of the values at `paths`.
  public func locate(_ paths: Set<CatalogPath>) -> [CatalogPath: SourceLocation] {
    locator(paths)
  }

  // MARK: Reading

  /// Reads up to the first part. Returns `false` when the document cannot be streamed.
  private func readHeader() throws -> Bool {
    guard try document.openDocument() else { return false }
    let head: UInt32 = 1 << 0 | 1 << 1  // formatVersion and catalog
    precondition(Catalog.Key(index: 0) == .formatVersion && Catalog.Key(index: 1) == .catalog)
    while true {
      let before = seen
      document.path = []
      guard case .key(let key) = try document.nextDocumentStep(seen: &seen, beforeParts: true) else { return false }
      if let section = CatalogSection(documentKey: key) {
        // Stream only if the version and info came first, and the people first of the parts.
        guard before & head == head, section == .people else { return false }
        try begin(.people)
        return true
      }
      document.path = [.key(key.rawValue)]
      try document.readHeaderMember(key, into: &header)
      document.path = []
    }
  }

  /// Reads the document between two arrays (or after the last): the next key, or the end.
  private func readBetweenSections() throws {
    document.path = []
    switch try document.nextDocumentStep(seen: &seen, beforeParts: false) {
    case .end:
      document.path = []
      try document.closeDocument(seen: seen)
      isDone = true
    case .unusual:
      return
    case .key(let key):
      // The version and info were read before the first part: only arrays are left.
      guard let found = CatalogSection(documentKey: key) else { return }
      try StreamOrderError.check(found, after: lastSection)
      try begin(found)
    }
  }

  /// Starts reading the array of `section`, positioned at its value.
  private func begin(_ section: CatalogSection) throws {
    lastSection = section
    nextIndex = 0
    document.path = [.key(section.key)]
    self.section = try document.openSection(section) ? section : nil
  }
}

extension CatalogSection {
  /// The section the document's `key` begins, if it begins one.
  public init?(documentKey key: Catalog.Key) {
    self.init(documentKey: Catalog.Key.allCases.firstIndex(of: key)!)
  }
}

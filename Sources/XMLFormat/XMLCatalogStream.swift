import Foundation
import ReviewCatalog
import ReviewExporting

/// An XML catalog read part by part with libxml2's streaming reader, from
/// the file mapped into memory (as the whole-file reader reads it, so that
/// the problems found before a syntax error are the same), or, beyond the
/// 2 GiB libxml2 takes from memory, from the file a buffer at a time.
///
/// Like the JSON stream: the `formatVersion` attribute and the `<catalog>`
/// element must come before `<people>`, or the file is not streamed;
/// `<works>` must follow `<people>`, and `<reviews>` the works, or ``next()``
/// throws ``StreamOrderError``. The problems found are those ``XMLReader``
/// finds reading the file whole.
final class XMLCatalogStream: CatalogStream {
  let name: String
  private(set) var header = Catalog(formatVersion: 0, info: CatalogInfo(id: "", title: ""))
  private let path: String
  /// The mapped file, or `nil` when the file is read through `descriptor`.
  private let file: MappedFile?
  private let descriptor: Int32
  private let size: Int
  private var decoder: XMLValueDecoder
  private var seen: UInt32 = 0
  private var root: XMLStartElement?
  /// The array element being read, and its start tag.
  private var section: (section: CatalogSection, element: XMLStartElement)?
  /// The last array begun.
  private var lastSection: CatalogSection?
  private var nextIndex = 0
  private var isDone = false

  /// Reads up to the first person; `nil` when the file cannot be opened,
  /// or the version and info do not come first.
  init?(path: String, name: String) throws(CatalogError) {
    self.path = path
    self.name = name
    let mapped = MappedFile(path: path)
    let checked = mapped
    if let mapped, mapped.bytes.count <= Int(Int32.max) {
      file = mapped
      descriptor = -1
      size = mapped.bytes.count
    } else {
      file = nil
      descriptor = open(path, O_RDONLY | O_CLOEXEC)
      var info = stat()
      guard descriptor >= 0, fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 else {
        if descriptor >= 0 { close(descriptor) }
        return nil
      }
      size = Int(info.st_size)
    }
    do {
      let events = try file.map { try XMLEventReader(bytes: $0.bytes, name: name) }
        ?? XMLEventReader(fileDescriptor: descriptor, checking: checked?.bytes ?? UnsafeBufferPointer(start: nil, count: 0), name: name)
      decoder = XMLValueDecoder(events: events)
    } catch {
      if descriptor >= 0 { close(descriptor) }
      throw CatalogError([Diagnostic(message: "\(error)")])
    }
    do {
      guard try readHeader() else { return nil }
    } catch {
      throw failure(error)
    }
  }

  deinit {
    if descriptor >= 0 { close(descriptor) }
  }

  var problems: [Diagnostic] { decoder.problems }

  var fractionRead: Double { Double(decoder.events.consumedBytes) / Double(max(size, 1)) }

  func next() throws -> CatalogItem? {
    do {
      while !isDone {
        guard let (current, element) = section else {
          try readBetweenSections()
          continue
        }
        guard let event = try decoder.events.next() else {
          isDone = true
          break
        }
        switch event {
        case .end:
          section = nil
        case .text(let text, let isWhitespace):
          if !isWhitespace {
            decoder.report(
              element.position, path: [.key(current.key)],
              "unexpected text \(ScalarRules.quoted(text)) in <\(element.name)>; it holds <\(current.itemName)> elements only")
          }
        case .start(let child):
          decoder.path = [.key(current.key)]
          guard child.name == current.itemName, child.namespace == XMLTreeWriter.namespace else {
            decoder.report(
              child.position, path: decoder.path,
              "unexpected element <\(child.name)> in <\(element.name)>; it holds <\(current.itemName)> elements only")
            try decoder.skipElement()
            continue
          }
          decoder.path.append(.index(nextIndex))
          nextIndex += 1
          decoder.pending = .element(child)
          return try decoder.readItem(of: current)
        }
      }
      return nil
    } catch let error as StreamOrderError {
      throw error
    } catch {
      throw failure(error)
    }
  }

  func releaseConsumedInput() {
    file?.release(before: decoder.events.consumedBytes)
  }

  func locate(_ paths: Set<CatalogPath>) -> [CatalogPath: SourceLocation] {
    if let file {
      file.rewind()
      guard let events = try? XMLEventReader(bytes: file.bytes, name: name) else { return [:] }
      return XMLLocator.locate(paths, events: events).mapValues { SourceLocation(position: $0) }
    }
    let again = open(path, O_RDONLY | O_CLOEXEC)
    guard again >= 0 else { return [:] }
    defer { close(again) }
    guard let events = try? XMLEventReader(fileDescriptor: again, checking: UnsafeBufferPointer(start: nil, count: 0), name: name)
    else { return [:] }
    return XMLLocator.locate(paths, events: events).mapValues { SourceLocation(position: $0) }
  }

  // MARK: Reading

  /// Reads up to the first part. Returns `false` when the file cannot be streamed.
  private func readHeader() throws -> Bool {
    var start: XMLStartElement?
    while start == nil {
      guard let event = try decoder.events.next() else {
        throw XMLReadError(position: nil, message: "the document has no root element")
      }
      if case .start(let element) = event { start = element }
    }
    let root = start!
    try XMLValueDecoder.checkRoot(root)
    self.root = root
    let shape = ObjectShape.document
    for (name, value) in root.attributes {
      guard let index = shape.keys.firstIndex(of: name), shape.isIdentifying(index) else {
        decoder.report(root.position, path: [], shape.unknownKeyMessage(name, noun: "attribute", among: shape.identifyingKeys), replacesValue: false)
        continue
      }
      seen |= 1 << UInt32(index)
      decoder.path = [.key(name)]
      decoder.pending = .attribute(value, root.position)
      try decoder.readDocumentMember(Catalog.Key(index: index), into: &header)
      decoder.path = []
    }
    while true {
      guard case .member(let index, let child) = try readMember() else { return false }
      if Catalog.Key(index: index) == .catalog {
        decoder.path = [.key(Catalog.Key.catalog.rawValue)]
        decoder.pending = .element(child)
        header.info = try decoder.readInfo()
        decoder.path = []
        continue
      }
      guard seen & 0b11 == 0b11, CatalogSection(documentKey: index) == .people else { return false }
      beginSection(.people, child)
      return true
    }
  }

  /// What comes next in the root element.
  private enum RootContent {
    /// A member seen for the first time: its key's index, and its element.
    case member(Int, XMLStartElement)
    /// The root's end tag.
    case end
    /// The end of the input (libxml2 reports a document cut short as an error first).
    case endOfInput
  }

  /// The next child of the root that is a member seen for the first time,
  /// or the root's end. Text, unknown and repeated members are reported and
  /// skipped, as the whole-file reader does.
  private func readMember() throws -> RootContent {
    let shape = ObjectShape.document
    decoder.path = []
    while let event = try decoder.events.next() {
      switch event {
      case .end:
        return .end
      case .text(let text, let isWhitespace):
        if !isWhitespace {
          decoder.report(root!.position, path: [], "unexpected text \(ScalarRules.quoted(text)) in <\(root!.name)>; its content is elements only")
        }
      case .start(let child):
        guard let index = shape.keys.firstIndex(of: child.name), !shape.isIdentifying(index),
          child.namespace == XMLTreeWriter.namespace
        else {
          decoder.report(child.position, path: [], shape.unknownKeyMessage(child.name, noun: "element", among: shape.otherKeys), replacesValue: false)
          try decoder.skipElement()
          continue
        }
        let bit: UInt32 = 1 << UInt32(index)
        if seen & bit != 0 {
          decoder.report(child.position, path: [.key(child.name)], "<\(child.name)> appears twice; it may appear once in \(shape.name)")
          try decoder.skipElement()
          continue
        }
        seen |= bit
        return .member(index, child)
      }
    }
    return .endOfInput
  }

  /// Reads the root between two arrays (or after the last): the next member, or the end.
  private func readBetweenSections() throws {
    let found: CatalogSection
    let child: XMLStartElement
    switch try readMember() {
    case .member(let key, let element):
      // The version and info were read before the first part: only arrays are left.
      guard let section = CatalogSection(documentKey: key) else { return }
      (found, child) = (section, element)
    case .end:
      decoder.reportMissing(.document, seen: seen, at: root!.position)
      // What follows the root is read (and must be well-formed) but not used, as in the whole-file reader.
      while try decoder.events.next() != nil {}
      isDone = true
      return
    case .endOfInput:
      isDone = true
      return
    }
    try StreamOrderError.check(found, after: lastSection)
    beginSection(found, child)
  }

  private func beginSection(_ section: CatalogSection, _ element: XMLStartElement) {
    lastSection = section
    nextIndex = 0
    self.section = (section, element)
  }

  private func failure(_ error: any Error) -> CatalogError {
    guard let error = error as? XMLReadError else { return CatalogError([Diagnostic(message: "\(error)")]) }
    return CatalogError(decoder.problems + [Diagnostic(position: error.position, message: error.message)])
  }
}

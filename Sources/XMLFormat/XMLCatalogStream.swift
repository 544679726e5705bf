import Foundation
import ReviewCatalog
import ReviewExporting

/// An XML catalog read part by part with libxml2's streaming reader, by the
/// walk every format shares (``PartByPartStream``) over ``XMLValueDecoder``'s
/// document primitives: from the file mapped into memory (as the whole-file
/// reader reads it, so that the problems found before a syntax error are the
/// same), or, beyond the 2 GiB libxml2 takes from memory, from the file a
/// buffer at a time.
///
/// The `formatVersion` attribute and the `<catalog>` element must come before
/// `<people>`, or the file is not streamed. The problems found are those
/// ``XMLReader`` finds reading the file whole.
enum XMLCatalogStream {
  /// Reads the file at `path` up to its first person; `nil` when it cannot
  /// be opened, or the version and info do not come first.
  static func open(path: String, name: String) throws(CatalogError) -> PartByPartStream<XMLValueDecoder>? {
    guard let source = XMLSource(path: path) else { return nil }
    let events: XMLEventReader
    do {
      events =
        try source.file.map { try XMLEventReader(bytes: $0.bytes, name: name, owner: source) }
        ?? XMLEventReader(
          fileDescriptor: source.descriptor, checking: source.mapped?.bytes ?? UnsafeBufferPointer(start: nil, count: 0), name: name,
          owner: source)
    } catch let error as SyntaxError {
      // libxml2 could not start: as the whole-file reader says it.
      throw CatalogError([error.diagnostic])
    } catch {
      throw CatalogError([Diagnostic(message: "\(error)")])
    }
    return try PartByPartStream(
      name: name, document: XMLValueDecoder(events: events),
      fractionRead: { Double($0.events.consumedBytes) / Double(max(source.size, 1)) },
      release: { source.file?.release(before: $0.events.consumedBytes) },
      locate: { paths in source.locate(paths, name: name) },
      failure: { error, decoder in
        guard let error = error as? SyntaxError else { return CatalogError([Diagnostic(message: "\(error)")]) }
        return CatalogError(decoder.problems + [error.diagnostic])
      })
  }
}

/// The file a streamed XML catalog is read from: mapped, or, beyond 2 GiB,
/// an open descriptor (closed when the stream is gone).
private final class XMLSource: @unchecked Sendable {
  let path: String
  /// The mapped file, when libxml2 reads it from memory.
  let file: MappedFile?
  /// The file mapped, whatever its size, for the checks before parsing.
  let mapped: MappedFile?
  let descriptor: Int32
  let size: Int

  init?(path: String) {
    self.path = path
    let mapped = MappedFile(path: path)
    self.mapped = mapped
    if let mapped, mapped.bytes.count <= Int(Int32.max) {
      file = mapped
      descriptor = -1
      size = mapped.bytes.count
    } else {
      file = nil
      descriptor = Foundation.open(path, O_RDONLY | O_CLOEXEC)
      var info = stat()
      guard descriptor >= 0, fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 else {
        if descriptor >= 0 { close(descriptor) }
        return nil
      }
      size = Int(info.st_size)
    }
  }

  deinit {
    if descriptor >= 0 { close(descriptor) }
  }

  func locate(_ paths: Set<CatalogPath>, name: String) -> [CatalogPath: SourceLocation] {
    if let file {
      file.rewind()
      guard let events = try? XMLEventReader(bytes: file.bytes, name: name) else { return [:] }
      return XMLLocator.locate(paths, events: events).mapValues { SourceLocation(position: $0) }
    }
    let again = Foundation.open(path, O_RDONLY | O_CLOEXEC)
    guard again >= 0 else { return [:] }
    defer { close(again) }
    guard let events = try? XMLEventReader(fileDescriptor: again, checking: UnsafeBufferPointer(start: nil, count: 0), name: name)
    else { return [:] }
    return XMLLocator.locate(paths, events: events).mapValues { SourceLocation(position: $0) }
  }
}

extension XMLValueDecoder: StreamableDocument {
  mutating func openDocument() throws -> Bool {
    var start: XMLStartElement?
    while start == nil {
      switch try events.next() {
      case .start(let element): start = element
      case .endOfDocument: throw SyntaxError(position: nil, message: "the document has no root element")
      case .text, .end: continue
      }
    }
    try Self.checkRoot(start!)
    document = DocumentState(root: start!, attributes: start!.attributes[...])
    return true
  }

  mutating func nextDocumentStep(seen: inout UInt32, beforeParts: Bool) throws -> DocumentStep {
    guard let root = document?.root else { return .end }
    let shape = ObjectShape.document
    // The root's attributes first, then its child elements.
    while let (name, value) = document!.attributes.popFirst() {
      guard let index = shape.keys.firstIndex(of: name), shape.isIdentifying(index) else {
        report(root.position, path: [], shape.unknownKeyMessage(name, noun: "attribute", among: shape.identifyingKeys), replacesValue: false)
        continue
      }
      seen |= 1 << UInt32(index)
      pending = .attribute(value, line: root.line)
      return .key(Catalog.Key(index: index))
    }
    while true {
      switch try events.next() {
      case .endOfDocument:
        // The input ended inside the root (libxml2 reports a document cut short as an error first).
        document!.endedEarly = true
        return beforeParts ? .unusual : .end
      case .end:
        return .end
      case .text(let text, let isWhitespace):
        if !isWhitespace {
          report(root.position, path: [], "unexpected text \(ScalarRules.quoted(text)) in <\(root.name)>; its content is elements only")
        }
      case .start(let child):
        guard let index = shape.keys.firstIndex(of: child.name), !shape.isIdentifying(index),
          child.namespace == XMLTreeWriter.namespace
        else {
          report(child.position, path: [], shape.unknownKeyMessage(child.name, noun: "element", among: shape.otherKeys), replacesValue: false)
          try skipElement()
          continue
        }
        let bit: UInt32 = 1 << UInt32(index)
        if seen & bit != 0 {
          report(child.position, path: [.key(child.name)], "<\(child.name)> appears twice; it may appear once in \(shape.name)")
          try skipElement()
          continue
        }
        seen |= bit
        pending = .element(child)
        return .key(Catalog.Key(index: index))
      }
    }
  }

  mutating func openSection(_ section: CatalogSection) throws -> Bool {
    guard case .element(let start) = pending else { return false }
    pending = .absent
    document?.section = start
    return true
  }

  mutating func nextSectionItem(_ section: CatalogSection, afterItem: Bool) throws -> Bool {
    guard let element = document?.section else { return false }
    while true {
      switch try events.next() {
      case .endOfDocument:
        document?.endedEarly = true
        return false
      case .end:
        return false
      case .text(let text, let isWhitespace):
        if !isWhitespace {
          report(
            element.position, path: [.key(section.key)],
            "unexpected text \(ScalarRules.quoted(text)) in <\(element.name)>; it holds <\(section.itemName)> elements only")
        }
      case .start(let child):
        guard child.name == section.itemName, child.namespace == XMLTreeWriter.namespace else {
          report(
            child.position, path: [.key(section.key)],
            "unexpected element <\(child.name)> in <\(element.name)>; it holds <\(section.itemName)> elements only")
          try skipElement()
          continue
        }
        pending = .element(child)
        return true
      }
    }
  }

  mutating func closeDocument(seen: UInt32) throws {
    guard let state = document, !state.endedEarly else { return }
    reportMissing(.document, seen: seen, at: state.root.position)
    // What follows the root is read (and must be well-formed) but not used, as in the whole-file reader.
    while case let event = try events.next(), !event.isEndOfDocument {}
  }
}

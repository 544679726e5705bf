internal import CLibXML2
import ReviewCatalog
import ReviewExporting

/// A start tag: its name, attributes and where it is.
struct XMLStartElement {
  var name: String
  var namespace: String?
  var attributes: [(name: String, value: String)]
  var isEmpty: Bool
  var position: SourcePosition
}

/// What the pull reader produces.
enum XMLEvent {
  case start(XMLStartElement)
  /// Character data; `isWhitespace` when it is only spaces, tabs and line breaks.
  case text(String, isWhitespace: Bool)
  case end
}

/// Pulls events from XML bytes with libxml2's streaming `xmlTextReader`
/// (for a large input on a thread of its own, batches of events ahead of the
/// decoder: `ProducerThread`),
/// with the safe options only: no network, no entity substitution, no DTD
/// loading or validation, no XInclude. A document type declaration is
/// refused outright, before libxml2 sees it (``XMLPreScan``: its entities
/// could expand without bound or read other files), and so are elements
/// with more attributes than a catalog has, and nesting deeper than
/// ``maximumDepth``. With those limits of our own in force, libxml2's limit
/// on the size of one text (10 MB) is lifted (`XML_PARSE_HUGE`): every text
/// the `xml` exporter writes reads back.
final class XMLEventReader {
  private let events: ProducerThread<XMLPullReader>
  /// The events handed over and not yet taken, and the next one's index.
  private var batch: [XMLEvent] = []
  private var index = 0
  /// What keeps the input valid (a mapped file, an open descriptor's owner).
  private let owner: AnyObject?

  /// Reads `bytes`, which must stay valid while the reader lives (`owner`
  /// keeps them so); 1 MiB or more on a thread of its own. When the bytes
  /// are `file`'s, the pages the pre-scan reads are handed back as it goes.
  init(bytes: UnsafeBufferPointer<UInt8>, name: String, owner: AnyObject? = nil, releasing file: MappedFile? = nil) throws {
    events = ProducerThread(
      try XMLPullReader(bytes: bytes, name: name, releasing: file), threaded: bytes.count >= ProducerThread<XMLPullReader>.threadedFrom,
      name: "review-export XML parser")
    self.owner = owner
  }

  /// Reads the open file `descriptor` a buffer at a time, whatever its size,
  /// on a thread of its own; the descriptor must stay open while the reader
  /// lives (`owner` keeps it so). `bytes`, the same file mapped, are checked
  /// first (``XMLPreScan``).
  init(fileDescriptor descriptor: Int32, checking bytes: UnsafeBufferPointer<UInt8>, name: String, owner: AnyObject? = nil) throws {
    events = ProducerThread(
      try XMLPullReader(fileDescriptor: descriptor, checking: bytes, name: name), threaded: true, name: "review-export XML parser")
    self.owner = owner
  }

  deinit { events.stop() }

  /// How many bytes of the input libxml2 has parsed, for progress; it never
  /// reads them again.
  var consumedBytes: Int { events.consumedBytes }

  /// The next event, or `nil` at the end of the document.
  func next() throws -> XMLEvent? {
    if index == batch.count {
      guard let next = try events.nextBatch(), !next.isEmpty else { return nil }
      batch = next
      index = 0
    }
    index += 1
    return batch[index - 1]
  }
}

/// libxml2's `xmlTextReader` on one input, with the limits above, producing
/// events in batches for a `ProducerThread`; used from one thread at a time.
/// Every event carries what the decoder needs of where it is (a start
/// element its line), so reading ahead changes no message.
final class XMLPullReader: EventProducer {
  /// Deeper than any catalog needs; deeper input is refused at once.
  static let maximumDepth = 32

  private let reader: xmlTextReaderPtr
  private let errors = ErrorCollector()
  private var pendingEnd = false

  private static let options = Int32(
    XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_BIG_LINES.rawValue
      | XML_PARSE_HUGE.rawValue)

  /// Reads `bytes`, which must stay valid while the reader is used (up to
  /// 2 GiB: libxml2's limit for memory). When they are `file`'s, the pages
  /// the pre-scan reads are handed back as it goes.
  convenience init(bytes: UnsafeBufferPointer<UInt8>, name: String, releasing file: MappedFile? = nil) throws {
    if let refused = XMLPreScan.check(bytes, releasing: file) { throw refused }
    let reader = bytes.withMemoryRebound(to: CChar.self) {
      xmlReaderForMemory($0.baseAddress, Int32(clamping: $0.count), name, nil, Self.options)
    }
    try self.init(reader)
  }

  /// Reads the open file `descriptor` a buffer at a time, whatever its size;
  /// the descriptor must stay open while the reader is used. `bytes`, the
  /// same file mapped, are checked first (``XMLPreScan``).
  convenience init(fileDescriptor descriptor: Int32, checking bytes: UnsafeBufferPointer<UInt8>, name: String) throws {
    if let refused = XMLPreScan.check(bytes) { throw refused }
    try self.init(xmlReaderForFd(descriptor, name, nil, Self.options))
  }

  private init(_ reader: xmlTextReaderPtr?) throws {
    // libxml2 prints some errors (I/O) itself, beside ours: silence it.
    xmlSetStructuredErrorFunc(nil, ignoreError)
    guard let reader else { throw SyntaxError(message: "libxml2 could not start reading") }
    self.reader = reader
    xmlTextReaderSetStructuredErrorHandler(reader, collectReaderError, Unmanaged.passUnretained(errors).toOpaque())
  }

  /// How many bytes libxml2 has parsed.
  var producedBytes: Int { max(0, Int(xmlTextReaderByteConsumed(reader))) }

  func produce(into batch: inout [XMLEvent], upTo count: Int) throws -> Bool {
    // libxml2 keeps its error handlers per thread.
    xmlSetStructuredErrorFunc(nil, ignoreError)
    while batch.count < count {
      guard let event = try read() else { return false }
      batch.append(event)
    }
    return true
  }

  deinit { xmlFreeTextReader(reader) }

  /// Where the parser is now: it reads ahead, so this is only near the current node.
  var position: SourcePosition {
    SourcePosition(
      line: Int(xmlTextReaderGetParserLineNumber(reader)), column: max(1, Int(xmlTextReaderGetParserColumnNumber(reader))))
  }

  /// The line of the current node, exactly; libxml2 keeps no column for nodes.
  private var nodeLine: SourcePosition {
    guard let node = xmlTextReaderCurrentNode(reader) else { return position }
    return SourcePosition(line: Int(xmlGetLineNo(node)), column: nil)
  }

  /// The next event, or `nil` at the end of the document.
  func read() throws -> XMLEvent? {
    if pendingEnd {
      pendingEnd = false
      return .end
    }
    while true {
      let status = xmlTextReaderRead(reader)
      if status < 0 || errors.first != nil {
        throw errors.first ?? SyntaxError(position: position, message: "the document is not well-formed XML")
      }
      if status == 0 { return nil }
      if xmlTextReaderDepth(reader) > Int32(Self.maximumDepth) {
        throw SyntaxError(position: position, message: "elements are nested more than \(Self.maximumDepth) deep; a catalog never is")
      }
      switch xmlTextReaderNodeType(reader) {
      case Int32(XML_READER_TYPE_ELEMENT.rawValue):
        let start = startElement()
        pendingEnd = start.isEmpty
        return .start(start)
      case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
        return .end
      case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue):
        return .text(value, isWhitespace: false)
      case Int32(XML_READER_TYPE_WHITESPACE.rawValue), Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue):
        return .text(value, isWhitespace: true)
      case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue):
        throw SyntaxError(
          position: nodeLine.line > 0 ? nodeLine : position,
          message: "a document type declaration (<!DOCTYPE …>) is not accepted: its entities could expand without bound or read other files")
      case Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue), Int32(XML_READER_TYPE_ENTITY.rawValue):
        throw SyntaxError(position: position, message: "entity references other than the XML built-ins are not accepted")
      default:
        continue  // comments, processing instructions
      }
    }
  }

  private var value: String {
    xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
  }

  private func startElement() -> XMLStartElement {
    let position = nodeLine
    let name = xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
    let namespace = xmlTextReaderConstNamespaceUri(reader).map { String(cString: $0) }
    let isEmpty = xmlTextReaderIsEmptyElement(reader) == 1
    var attributes: [(String, String)] = []
    if xmlTextReaderHasAttributes(reader) == 1 {
      while xmlTextReaderMoveToNextAttribute(reader) == 1 {
        if xmlTextReaderIsNamespaceDecl(reader) == 1 { continue }
        // A catalog's attributes are in no namespace: one in a namespace
        // keeps its prefix (`e:id`), so that it is an unknown attribute,
        // never taken for `id`.
        let qualified = xmlTextReaderConstNamespaceUri(reader) != nil
        let attributeName = (qualified ? xmlTextReaderConstName(reader) : xmlTextReaderConstLocalName(reader)).map { String(cString: $0) } ?? ""
        attributes.append((attributeName, value))
      }
      xmlTextReaderMoveToElement(reader)
    }
    return XMLStartElement(name: name, namespace: namespace, attributes: attributes, isEmpty: isEmpty, position: position)
  }
}

/// Drops what libxml2 would print itself; the reader reports errors through
/// its structured handler.
let ignoreError: xmlStructuredErrorFunc = { _, _ in }

/// The first error libxml2 reported while reading.
private final class ErrorCollector {
  var first: SyntaxError?
}

private let collectReaderError: xmlStructuredErrorFunc = { context, error in
  guard let context, let error else { return }
  let collector = Unmanaged<ErrorCollector>.fromOpaque(context).takeUnretainedValue()
  guard collector.first == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
  var message = error.pointee.message.map { String(cString: $0) } ?? "the document is not well-formed XML"
  while message.last == "\n" || message.last == " " { message.removeLast() }
  collector.first = SyntaxError(
    position: SourcePosition(line: Int(error.pointee.line), column: max(1, Int(error.pointee.int2))),
    message: "malformed XML: \(message)")
}

internal import CLibXML2
import ReviewCatalog
import ReviewExporting

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An event of libxml2's SAX2 parser as its thread hands it over: a text is
/// its place in the batch's ``BatchTexts``, made a string by the reader
/// (``XMLEventReader``).
enum XMLParsedEvent {
  case start(XMLStartElement)
  /// The bytes of the texts of the events after it in the batch.
  case texts(BatchTexts)
  /// Character data, `count` bytes from `start` of the batch's texts.
  case text(start: Int, count: Int, isWhitespace: Bool)
  case end
}

/// libxml2's SAX2 push parser on one input, fed a chunk at a time, its
/// callbacks turned into events in batches for a `ProducerThread`: faster
/// than `xmlTextReader`, which builds a node for each event, and every event
/// before an error is handed over before the error.
///
/// The same safe options as ``XMLEventReader`` says (no network, no DTD, no
/// entity but XML's own, bounded depth). A text split by libxml2 into
/// several callbacks (at chunk ends, around references) is one event; a
/// start element carries the line libxml2 is on when it reports it, as
/// `xmlTextReader`'s nodes do.
final class XMLSAXReader: EventProducer {
  /// Deeper than any catalog needs; deeper input is refused at once.
  static let maximumDepth = 32
  /// Bytes fed to libxml2 at a time.
  static let chunkSize = 1 << 16

  private static let options = Int32(
    XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_BIG_LINES.rawValue
      | XML_PARSE_HUGE.rawValue)

  /// Where the bytes come from.
  private enum Input {
    case memory(UnsafeBufferPointer<UInt8>)
    case descriptor(Int32)
  }

  private let input: Input
  private let state = SAXState()
  private var context: xmlParserCtxtPtr?
  private var fed = 0
  private var finished = false
  private var chunk: [UInt8] = []
  /// What libxml2 is not to see, looked for in each chunk before it is fed.
  private var preScan: XMLPreScan

  /// Reads `bytes`, which must stay valid while the reader is used, each
  /// chunk checked (``XMLPreScan``) before libxml2 is fed it.
  init(bytes: UnsafeBufferPointer<UInt8>, name: String) throws {
    input = .memory(bytes)
    preScan = XMLPreScan(bytes)
    try start(name: name)
  }

  /// Reads the open file `descriptor` a chunk at a time, whatever its size;
  /// `bytes`, the same file mapped, are checked (``XMLPreScan``) a chunk
  /// ahead of libxml2.
  init(fileDescriptor descriptor: Int32, checking bytes: UnsafeBufferPointer<UInt8>, name: String) throws {
    input = .descriptor(descriptor)
    preScan = XMLPreScan(bytes)
    chunk = Array(repeating: 0, count: Self.chunkSize)
    try start(name: name)
  }

  private func start(name: String) throws {
    var handler = xmlSAXHandler()
    handler.initialized = UInt32(XML_SAX2_MAGIC)
    handler.startElementNs = saxStartElement
    handler.endElementNs = saxEndElement
    handler.characters = saxCharacters
    handler.ignorableWhitespace = saxCharacters
    handler.cdataBlock = saxCharacters
    handler.internalSubset = saxDocumentType
    handler.serror = saxError
    xmlSetStructuredErrorFunc(nil, ignoreError)
    guard let context = xmlCreatePushParserCtxt(&handler, Unmanaged.passUnretained(state).toOpaque(), nil, 0, name) else {
      throw SyntaxError(message: "libxml2 could not start a parser")
    }
    xmlCtxtUseOptions(context, Self.options)
    self.context = context
    state.context = context
  }

  deinit {
    if let context { xmlFreeParserCtxt(context) }
  }

  /// How many bytes of the input have been fed to libxml2, which copies what it is fed.
  var producedBytes: Int { fed }

  /// Feeds libxml2 chunks until `count` events (or the end, or an error)
  /// and hands over all it made, moved, not copied: the batch may hold more
  /// than `count`. An error comes on the call after its events.
  func produce(into batch: inout [XMLParsedEvent], upTo count: Int) throws -> Bool {
    // libxml2 keeps its error handlers per thread.
    xmlSetStructuredErrorFunc(nil, ignoreError)
    while state.events.count < count && state.error == nil && !finished { try feed() }
    state.handOver(into: &batch)
    if batch.isEmpty, let error = state.error { throw error }
    return state.error != nil || !finished
  }

  /// Feeds libxml2 the next chunk (the last with `terminate`).
  private func feed() throws {
    guard let context else { return }
    var status: Int32 = 0
    switch input {
    case .memory(let bytes):
      let length = min(Self.chunkSize, bytes.count - fed)
      if let refused = preScan.check(through: fed + length) { return refuse(refused) }
      let last = fed + length == bytes.count
      let start = bytes.baseAddress.map { UnsafeRawPointer($0 + fed).assumingMemoryBound(to: CChar.self) }
      status = xmlParseChunk(context, start, Int32(length), last ? 1 : 0)
      fed += length
      finished = last
    case .descriptor(let descriptor):
      var length = -1
      repeat {
        length = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      } while length < 0 && errno == EINTR
      guard length >= 0 else { throw SyntaxError(message: "the file cannot be read: \(String(cString: strerror(errno)))") }
      if let refused = preScan.check(through: fed + length) { return refuse(refused) }
      status = chunk.withUnsafeBytes { xmlParseChunk(context, $0.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(length), length == 0 ? 1 : 0) }
      fed += length
      finished = length == 0
    }
    if finished { state.flushText(endingElement: false) }
    if status != 0 && state.error == nil {
      state.error = SyntaxError(position: state.position, message: "the document is not well-formed XML")
    }
  }

  /// Stops at what the pre-scan refused, before libxml2 sees it: the events
  /// so far are handed over, then the refusal.
  private func refuse(_ refusal: SyntaxError) {
    if state.error == nil { state.error = refusal }
  }
}

/// What the callbacks build: the events so far and their texts, the text
/// being gathered, the depth, the first error. Used by one callback at a
/// time, on the parser's thread, so Swift's run-time exclusivity checks (at
/// every access of a class's property: 5% of that thread) are turned off.
private final class SAXState {
  /// Room for a batch's texts, made at once.
  static let textCapacity = 1 << 17

  @exclusivity(unchecked) var context: xmlParserCtxtPtr?
  /// The events not handed over yet, after their ``texts``.
  @exclusivity(unchecked) var events: [XMLParsedEvent]
  /// The texts of ``events``, and of the text being gathered (from ``textStart``).
  @exclusivity(unchecked) var texts = BatchTexts(capacity: SAXState.textCapacity)
  @exclusivity(unchecked) var textStart = 0
  @exclusivity(unchecked) var depth = 0
  @exclusivity(unchecked) var error: SyntaxError?
  /// Whether the last event is a start element: the text gathered since is
  /// all of that element's content so far.
  @exclusivity(unchecked) var afterStart = false
  /// Element, attribute and namespace names, made strings once each.
  @exclusivity(unchecked) var names = XMLNameTable()

  init() {
    events = [.texts(texts)]
  }

  /// Hands the events over (appended to `batch`), unless there are none;
  /// the text being gathered moves to the next batch's texts.
  func handOver(into batch: inout [XMLParsedEvent]) {
    guard events.count > 1 else { return }
    let next = BatchTexts(capacity: Self.textCapacity)
    texts.moveBytes(from: textStart, to: next)
    if batch.isEmpty {
      swap(&batch, &events)
    } else {
      batch += events
      events.removeAll()
    }
    texts = next
    textStart = 0
    events.append(.texts(next))
  }

  /// Where libxml2 is now.
  var position: SourcePosition {
    guard let input = context?.pointee.input else { return SourcePosition(line: 1, column: 1) }
    return SourcePosition(line: Int(input.pointee.line), column: max(1, Int(input.pointee.col)))
  }

  /// The line libxml2 is on, as `xmlTextReader` gives its nodes.
  var line: SourcePosition {
    SourcePosition(line: Int(context?.pointee.input?.pointee.line ?? 1), column: nil)
  }

  /// Ends the text being gathered, as one event, before a start element,
  /// or an end element when `endingElement`.
  ///
  /// Whitespace is dropped unless it is the whole content of the element
  /// that ends (`<headline> </headline>`): between elements (a pretty-printed
  /// document's indentation, half of all texts) the decoder ignores it, and
  /// beside an element, inside an element that should hold text, that element
  /// is refused whatever the whitespace.
  func flushText(endingElement: Bool) {
    let count = texts.count - textStart
    guard count > 0 else { return }
    let isWhitespace = texts.isWhitespace(from: textStart)
    if isWhitespace && !(endingElement && afterStart) {
      texts.removeBytes(from: textStart)
      return
    }
    events.append(.text(start: textStart, count: count, isWhitespace: isWhitespace))
    textStart = texts.count
  }

  /// Stops the parser with `error`, unless one came first.
  func fail(_ error: SyntaxError) {
    if self.error == nil { self.error = error }
    if let context { xmlStopParser(context) }
  }
}

private func state(_ context: UnsafeMutableRawPointer?) -> SAXState? {
  context.map { Unmanaged<SAXState>.fromOpaque($0).takeUnretainedValue() }
}

/// Runs `body` with the parser's state, which the reader keeps alive for the
/// whole parse, without retaining and releasing it (for the callbacks made
/// per element and per text: that was 4% of libxml2's thread).
@inline(__always)
private func withState(_ context: UnsafeMutableRawPointer?, _ body: (SAXState) -> Void) {
  guard let context else { return }
  Unmanaged<SAXState>.fromOpaque(context)._withUnsafeGuaranteedRef(body)
}

private let saxStartElement: startElementNsSAX2Func = { context, localName, _, uri, _, _, attributeCount, _, attributes in
  withState(context) { state in startElement(state, localName: localName, uri: uri, attributeCount: attributeCount, attributes: attributes) }
}

private func startElement(
  _ state: SAXState, localName: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?, attributeCount: Int32,
  attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
) {
  guard state.error == nil else { return }
  state.flushText(endingElement: false)
  state.depth += 1
  if state.depth > XMLSAXReader.maximumDepth {
    state.fail(SyntaxError(position: state.position, message: "elements are nested more than \(XMLSAXReader.maximumDepth) deep; a catalog never is"))
    return
  }
  var list: [(name: String, value: String)] = []
  if let attributes, attributeCount > 0 {
    list.reserveCapacity(Int(attributeCount))
    for index in 0..<Int(attributeCount) {
      let base = index * 5
      guard let local = attributes[base], let start = attributes[base + 3], let end = attributes[base + 4] else { continue }
      // A catalog's attributes are in no namespace: one in a namespace
      // keeps its prefix (`e:id`), so that it is an unknown attribute,
      // never taken for `id`.
      var name = state.names.string(local)
      if attributes[base + 2] != nil, let prefix = attributes[base + 1] { name = state.names.string(prefix) + ":" + name }
      var value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
      // libxml2 hands an `&` of an attribute's value over as `&#38;` (for
      // its tree builder, which decodes it again); nothing else is escaped.
      if value.utf8.contains(UInt8(ascii: "&")) { value = value.replacingOccurrences(of: "&#38;", with: "&") }
      list.append((name, value))
    }
  }
  state.events.append(
    .start(
      XMLStartElement(
        name: localName.map { state.names.string($0) } ?? "", namespace: uri.map { state.names.string($0) }, attributes: list,
        line: state.line.line)))
  state.afterStart = true
}

private let saxEndElement: endElementNsSAX2Func = { context, _, _, _ in
  withState(context) { state in
    guard state.error == nil else { return }
    state.flushText(endingElement: true)
    state.depth -= 1
    state.events.append(.end)
    state.afterStart = false
  }
}

private let saxCharacters: charactersSAXFunc = { context, characters, length in
  guard let characters, length > 0 else { return }
  withState(context) { state in
    guard state.error == nil else { return }
    state.texts.append(UnsafeBufferPointer(start: characters, count: Int(length)))
  }
}

private let saxDocumentType: internalSubsetSAXFunc = { context, _, _, _ in
  guard let state = state(context) else { return }
  state.fail(
    SyntaxError(
      position: state.line,
      message: "a document type declaration (<!DOCTYPE …>) is not accepted: its entities could expand without bound or read other files"))
}

private let saxError: xmlStructuredErrorFunc = { context, error in
  guard let state = state(context), let error, state.error == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
  var message = error.pointee.message.map { String(cString: $0) } ?? "the document is not well-formed XML"
  while message.last == "\n" || message.last == " " { message.removeLast() }
  state.error = SyntaxError(
    position: SourcePosition(line: Int(error.pointee.line), column: max(1, Int(error.pointee.int2))), message: "malformed XML: \(message)")
}

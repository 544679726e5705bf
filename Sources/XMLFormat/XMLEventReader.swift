internal import CLibXML2
import ReviewCatalog
import ReviewExporting

/// A start tag: its name, attributes and the line it is on.
///
/// It keeps the line rather than a ``SourcePosition`` (libxml2 gives no
/// column for a tag): six machine words, not seven. The decoder moves and
/// destroys an event at every step, and the wider an enum's payload, the
/// sooner Swift does that through the type's run-time value witnesses (a
/// metadata lookup and four calls) instead of a few inlined releases.
struct XMLStartElement {
  var name: String
  var namespace: String?
  var attributes: [(name: String, value: String)]
  /// The line of the tag, as libxml2 gives it.
  var line: Int

  /// Where the element is: its line (libxml2 gives no column for a tag).
  var position: SourcePosition { SourcePosition(line: line, column: nil) }
}

/// What the reader produces.
///
/// The document's end is a case rather than a `nil`: Swift destroys an
/// `XMLEvent?` through the type's run-time value witnesses, an `XMLEvent`
/// with a few inlined releases (a tenth of the decoder's instructions).
enum XMLEvent {
  case start(XMLStartElement)
  /// Character data; `isWhitespace` when it is only spaces, tabs and line breaks.
  case text(String, isWhitespace: Bool)
  /// An element's end.
  case end
  /// The end of the document: no more events.
  case endOfDocument

  /// Whether this is ``endOfDocument``.
  var isEndOfDocument: Bool {
    if case .endOfDocument = self { true } else { false }
  }
}

/// Pulls events from XML bytes with libxml2's SAX2 push parser
/// (``XMLSAXReader``; for a large input on a thread of its own, batches of
/// events ahead of the decoder: `ProducerThread`), with the safe options
/// only: no network, no entity substitution, no DTD loading or validation,
/// no XInclude. A document type declaration is refused outright, before
/// libxml2 sees it (``XMLPreScan``: its entities could expand without bound
/// or read other files), and so are elements with more attributes than a
/// catalog has, and nesting deeper than ``XMLSAXReader/maximumDepth``. With
/// those limits of our own in force, libxml2's limit on the size of one text
/// (10 MB) is lifted (`XML_PARSE_HUGE`): every text the `xml` exporter
/// writes reads back.
final class XMLEventReader {
  private let events: ProducerThread<XMLSAXReader>
  /// The events handed over and not yet taken, the next one's index, and
  /// their texts (used by one thread: run-time exclusivity checks off).
  @exclusivity(unchecked) private var batch: [XMLParsedEvent] = []
  @exclusivity(unchecked) private var index = 0
  @exclusivity(unchecked) private var texts = BatchTexts()
  /// What keeps the input valid (a mapped file, an open descriptor's owner).
  private let owner: AnyObject?

  /// Reads `bytes`, which must stay valid while the reader lives (`owner`
  /// keeps them so); 1 MiB or more on a thread of its own.
  init(bytes: UnsafeBufferPointer<UInt8>, name: String, owner: AnyObject? = nil) throws {
    events = ProducerThread(
      try XMLSAXReader(bytes: bytes, name: name), threaded: bytes.count >= ProducerThread<XMLSAXReader>.threadedFrom,
      name: "review-export XML parser")
    self.owner = owner
  }

  /// Reads the open file `descriptor` a buffer at a time, whatever its size,
  /// on a thread of its own; the descriptor must stay open while the reader
  /// lives (`owner` keeps it so). `bytes`, the same file mapped, are checked
  /// a chunk ahead of libxml2 (``XMLPreScan``).
  init(fileDescriptor descriptor: Int32, checking bytes: UnsafeBufferPointer<UInt8>, name: String, owner: AnyObject? = nil) throws {
    events = ProducerThread(
      try XMLSAXReader(fileDescriptor: descriptor, checking: bytes, name: name), threaded: true, name: "review-export XML parser")
    self.owner = owner
  }

  deinit { events.stop() }

  /// How many bytes of the input libxml2 has parsed, for progress; it never
  /// reads them again.
  var consumedBytes: Int { events.consumedBytes }

  /// The next event; `endOfDocument` at the end, and after it.
  func next() throws -> XMLEvent {
    while true {
      if index == batch.count {
        guard let next = try events.nextBatch(), !next.isEmpty else { return .endOfDocument }
        batch = next
        index = 0
      }
      // Moved out, not copied: an element's name, namespace and attributes
      // are not retained here and released again when the batch goes (3% of
      // this thread's instructions).
      let event = batch.withUnsafeMutableBufferPointer { events in
        let slot = events.baseAddress! + index
        let event = slot.move()
        slot.initialize(to: .end)
        return event
      }
      index += 1
      switch consume event {
      case .start(let element): return .start(element)
      case .end: return .end
      case .text(let start, let count, let isWhitespace): return .text(texts.text(start: start, count: count), isWhitespace: isWhitespace)
      case .texts(let next): texts = next
      }
    }
  }
}

/// Drops what libxml2 would print itself; the reader reports errors through
/// its structured handler.
let ignoreError: xmlStructuredErrorFunc = { _, _ in }

internal import CLibXML2
import ReviewExporting

/// libxml2's text writer on an output buffer that writes into a sink: the
/// one owner of the writing side's libxml2 calls, each a typed method that
/// checks libxml2's status and the order of calls (one document, elements
/// balanced). An error the sink raised inside libxml2 wins over libxml2's
/// own report of it. Freed when the last reference goes, finished or not.
final class XMLDocumentWriter {
  private enum State { case beforeDocument, inDocument, ended }

  private let target: LibXMLOutput
  private let writer: xmlTextWriterPtr
  @exclusivity(unchecked) private var state = State.beforeDocument
  // Used from one thread at a time, element by element: Swift's run-time
  // exclusivity checks on these (at every access) are turned off.
  /// Open elements.
  @exclusivity(unchecked) private var depth = 0
  /// Where a raw write is gathered before it goes to libxml2.
  @exclusivity(unchecked) private var raw = XMLRawText()
  /// One level of indentation; empty for none.
  private let indentUnit: [UInt8]
  /// Whether the innermost element was just opened: its start tag waits
  /// for attributes, nothing is inside it yet.
  @exclusivity(unchecked) private var justOpened = false
  /// Whether the last thing inside the innermost element is a text element
  /// written whole (``textElement(_:_:)``), after which libxml2 would not
  /// indent the end tag.
  @exclusivity(unchecked) private var afterWholeElement = false

  /// A writer into `sink`, indenting by `indent` spaces (0: none).
  init(sink: ByteSink, indent: Int) throws {
    target = LibXMLOutput(sink: sink)
    guard let buffer = target.makeBuffer(), let writer = xmlNewTextWriter(buffer) else {
      throw ExportError("libxml2 could not create a writer")
    }
    self.writer = writer
    indentUnit = Array(repeating: UInt8(ascii: " "), count: max(indent, 0))
    if indent > 0 {
      xmlTextWriterSetIndent(writer, 1)
      xmlTextWriterSetIndentString(writer, String(repeating: " ", count: indent))
    }
  }

  deinit {
    xmlFreeTextWriter(writer)
    raw.deallocate()
  }

  /// Writes the XML declaration (version 1.0, UTF-8).
  func startDocument() throws {
    precondition(state == .beforeDocument, "one document per writer")
    try check(xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil))
    state = .inDocument
  }

  /// Closes the document and writes what libxml2 still holds.
  func endDocument() throws {
    precondition(state == .inDocument && depth == 0, "the document's elements must be closed first")
    try check(xmlTextWriterEndDocument(writer))
    state = .ended
    try check(xmlTextWriterFlush(writer))
  }

  /// Writes what libxml2 holds. A start tag whose `>` waits on what comes
  /// next stays open.
  func flush() throws {
    try check(xmlTextWriterFlush(writer))
  }

  /// Opens an element.
  func startElement(_ name: String) throws {
    precondition(state == .inDocument)
    try check(Self.withCText(name) { xmlTextWriterStartElement(writer, $0) })
    depth += 1
    justOpened = true
    afterWholeElement = false
  }

  /// Closes the innermost element.
  func endElement() throws {
    precondition(state == .inDocument && depth > 0)
    if afterWholeElement && !indentUnit.isEmpty {
      // What libxml2 writes before an end tag after an element of its own.
      raw.reset(reserving: depth * indentUnit.count)
      indentUnit.withUnsafeBufferPointer { unit in for _ in 1..<depth { raw.append(unit) } }
      try check(raw.withBytes { xmlTextWriterWriteRawLen(writer, $0, $1) })
    }
    try check(xmlTextWriterEndElement(writer))
    depth -= 1
    justOpened = false
    afterWholeElement = false
  }

  /// Writes an attribute of the element just opened; libxml2 escapes the value.
  func attribute(_ name: String, _ value: String) throws {
    precondition(state == .inDocument && depth > 0)
    try check(Self.withCText(name) { name in Self.withCText(value) { xmlTextWriterWriteAttribute(writer, name, $0) } })
  }

  /// Writes text into the element just opened, escaped.
  func text(_ text: String) throws {
    precondition(state == .inDocument && depth > 0)
    try writeContent(text)
    justOpened = false
    // libxml2 does not indent an end tag after text.
    afterWholeElement = false
  }

  /// Writes an element holding only `text`, escaped, inside the open one.
  ///
  /// Byte for byte what libxml2's writer makes of `startElement(name)`,
  /// `text(text)`, `endElement()` (a line of its own, indented, when it
  /// indents), handed to it whole as raw content: the writer's own calls
  /// write it in seven to ten pieces through its output buffer (the
  /// indentation a level at a time) and copy and free the name, which was
  /// most of the XML writer's thread, since most elements are these.
  /// `XMLWholeElementTests` compares the two.
  func textElement(_ name: String, _ text: String) throws {
    _ = try writeTextElement(name, text, refusing: false)
  }

  /// Writes `<name>text</name>` as ``textElement(_:_:)`` does, unless XML
  /// 1.0 cannot carry a character of `text`: then it writes nothing and
  /// returns `false`. The check is made in the pass that escapes the text,
  /// instead of a pass of its own before it
  /// (``XMLCharacters/allAllowed(_:)``).
  func textElementIfAllowed(_ name: String, _ text: String) throws -> Bool {
    try writeTextElement(name, text, refusing: true)
  }

  private func writeTextElement(_ name: String, _ text: String, refusing: Bool) throws -> Bool {
    precondition(state == .inDocument)
    guard depth > 0 else {
      if refusing && !XMLCharacters.allAllowed(text) { return false }
      try startElement(name)
      try writeContent(text)
      try endElement()
      return true
    }
    var name = name
    var text = text
    let nameCount = name.utf8.count
    // libxml2 takes a length of 32 bits; an entity is at most six bytes.
    guard text.utf8.count <= (Int(Int32.max) - 2 * nameCount - depth * indentUnit.count - 8) / 6 else {
      throw Self.tooLong(text.utf8.count)
    }
    // Room for the element unescaped; escapes grow it.
    raw.reset(reserving: text.utf8.count + 2 * nameCount + depth * indentUnit.count + 8)
    if !indentUnit.isEmpty {
      // The open start tag's line ends; this element's line is indented.
      if justOpened { raw.append(UInt8(ascii: "\n")) }
      indentUnit.withUnsafeBufferPointer { unit in for _ in 0..<depth { raw.append(unit) } }
    }
    raw.append(UInt8(ascii: "<"))
    name.withUTF8 { raw.append($0) }
    raw.append(UInt8(ascii: ">"))
    guard text.withUTF8({ raw.appendEscaped($0, refusing: refusing) }) else { return false }
    raw.append(UInt8(ascii: "<"))
    raw.append(UInt8(ascii: "/"))
    name.withUTF8 { raw.append($0) }
    raw.append(UInt8(ascii: ">"))
    if !indentUnit.isEmpty { raw.append(UInt8(ascii: "\n")) }
    try check(raw.withBytes { xmlTextWriterWriteRawLen(writer, $0, $1) })
    justOpened = false
    afterWholeElement = true
    return true
  }

  private static func tooLong(_ count: Int) -> ExportError {
    ExportError("a text of \(count) bytes is longer than libxml2's writer can take (\(Int(Int32.max) / 6) bytes)")
  }

  /// Writes `text` as element content, escaped as libxml2's
  /// `xmlTextWriterWriteString` escapes it (`xmlEncodeSpecialChars`: `<`,
  /// `>`, `&`, `"` and CR), byte for byte, and handed to libxml2 as raw
  /// content, which is what that function does after escaping. Escaped here,
  /// a word at a time over the plain runs, into a buffer kept from text to
  /// text: libxml2's escaping (a byte at a time, into a buffer it allocates
  /// and grows for every text) was a third of the XML writer's thread.
  private func writeContent(_ text: String) throws {
    var text = text
    // libxml2 takes a length of 32 bits; an entity is at most six bytes.
    guard text.utf8.count <= Int(Int32.max) / 6 else { throw Self.tooLong(text.utf8.count) }
    let status = text.withUTF8 { utf8 -> Int32 in
      // Nothing to escape, the common case: the text's own bytes. (An
      // empty text still closes the start tag: `<a></a>`, as libxml2 writes it.)
      guard XMLTextBytes.firstEscaped(in: utf8, from: 0) < utf8.count else {
        return withUnsafePointer(to: 0 as UInt8) { empty in
          xmlTextWriterWriteRawLen(writer, utf8.baseAddress ?? empty, Int32(utf8.count))
        }
      }
      raw.reset(reserving: utf8.count + 16)
      _ = raw.appendEscaped(utf8)
      return raw.withBytes { xmlTextWriterWriteRawLen(writer, $0, $1) }
    }
    try check(status)
  }

  /// Runs `body` on `text` as a NUL-terminated C string. A short string is
  /// copied to the stack: Swift's own conversion of a string argument
  /// allocates an array for every string short enough to be stored inline,
  /// which every element name is.
  private static func withCText<R>(_ text: String, _ body: (UnsafePointer<xmlChar>) -> R) -> R {
    var text = text
    let count = text.utf8.count
    guard count < 64 else {
      return text.withCString { body(UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self)) }
    }
    return text.withUTF8 { utf8 in
      withUnsafeTemporaryAllocation(of: xmlChar.self, capacity: 64) { buffer in
        let base = buffer.baseAddress!
        if let source = utf8.baseAddress { base.initialize(from: source, count: count) }
        base[count] = 0
        return body(base)
      }
    }
  }

  private func check(_ status: Int32) throws {
    if let error = target.error { throw error }
    if status < 0 { throw ExportError("libxml2's writer failed (status \(status))") }
  }
}

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
  private var state = State.beforeDocument
  /// Open elements.
  private var depth = 0
  /// Where a text is escaped before it goes to libxml2, kept from text to text.
  private var escaped: [UInt8] = []

  /// A writer into `sink`, indenting by `indent` spaces (0: none).
  init(sink: ByteSink, indent: Int) throws {
    target = LibXMLOutput(sink: sink)
    guard let buffer = target.makeBuffer(), let writer = xmlNewTextWriter(buffer) else {
      throw ExportError("libxml2 could not create a writer")
    }
    self.writer = writer
    if indent > 0 {
      xmlTextWriterSetIndent(writer, 1)
      xmlTextWriterSetIndentString(writer, String(repeating: " ", count: indent))
    }
  }

  deinit { xmlFreeTextWriter(writer) }

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
  }

  /// Closes the innermost element.
  func endElement() throws {
    precondition(state == .inDocument && depth > 0)
    try check(xmlTextWriterEndElement(writer))
    depth -= 1
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
  }

  /// Writes an element holding only `text`, escaped.
  func textElement(_ name: String, _ text: String) throws {
    try startElement(name)
    try writeContent(text)
    try endElement()
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
    guard text.utf8.count <= Int(Int32.max) / 6 else {
      throw ExportError("a text of \(text.utf8.count) bytes is longer than libxml2's writer can take (\(Int(Int32.max) / 6) bytes)")
    }
    let status = text.withUTF8 { utf8 -> Int32 in
      var next = XMLTextBytes.firstEscaped(in: utf8, from: 0)
      // Nothing to escape, the common case: the text's own bytes. (An
      // empty text still closes the start tag: `<a></a>`, as libxml2 writes it.)
      guard next < utf8.count else {
        return withUnsafePointer(to: 0 as UInt8) { empty in
          xmlTextWriterWriteRawLen(writer, utf8.baseAddress ?? empty, Int32(utf8.count))
        }
      }
      escaped.removeAll(keepingCapacity: true)
      var start = 0
      while next < utf8.count {
        escaped.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<next]))
        let entity = XMLTextBytes.entity(for: utf8[next])
        escaped.append(contentsOf: UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
        start = next + 1
        next = XMLTextBytes.firstEscaped(in: utf8, from: start)
      }
      escaped.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
      return escaped.withUnsafeBufferPointer { xmlTextWriterWriteRawLen(writer, $0.baseAddress!, Int32($0.count)) }
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

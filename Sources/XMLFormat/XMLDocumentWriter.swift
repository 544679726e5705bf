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
    try check(xmlTextWriterStartElement(writer, name))
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
    try check(xmlTextWriterWriteAttribute(writer, name, value))
  }

  /// Writes text into the element just opened; libxml2 escapes it.
  func text(_ text: String) throws {
    precondition(state == .inDocument && depth > 0)
    try check(xmlTextWriterWriteString(writer, text))
  }

  /// Writes an element holding only `text`; libxml2 escapes it.
  func textElement(_ name: String, _ text: String) throws {
    precondition(state == .inDocument && depth > 0)
    try check(xmlTextWriterWriteElement(writer, name, text))
  }

  private func check(_ status: Int32) throws {
    if let error = target.error { throw error }
    if status < 0 { throw ExportError("libxml2's writer failed (status \(status))") }
  }
}

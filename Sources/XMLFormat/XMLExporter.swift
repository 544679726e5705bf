internal import CLibXML2
import ReviewCatalog
import ReviewExporting

/// Exports a catalog as XML 1.0, streamed through libxml2's `xmlTextWriter`.
///
/// The document validates against the schema that `review-export schema xml`
/// prints (``XMLSchema/text``). Options: `indent` (spaces, default 2),
/// `compact` (no indentation or line breaks) and `invalid-characters`
/// (`error`, the default, or `replace` with U+FFFD).
public struct XMLExporter: StreamingExporter {
  /// Creates the exporter.
  public init() {}

  /// The `xml` format.
  public let format = FormatDescriptor(
    name: "xml", fileExtension: "xml", mediaType: "application/xml",
    summary: "XML 1.0 in the namespace urn:review-export:catalog:1, valid against the schema 'review-export schema xml' prints.",
    options: [
      OptionDescriptor(
        name: "indent", kind: .integer(0...16), defaultValue: .integer(2), help: "Spaces per level of indentation."),
      OptionDescriptor(
        name: "compact", kind: .boolean, defaultValue: .boolean(false),
        help: "Write no indentation or line breaks between elements (ignores indent)."),
      OptionDescriptor(
        name: "invalid-characters", kind: .choice(["error", "replace"]), defaultValue: .string("error"),
        help: "What to do with characters XML 1.0 cannot carry (most C0 controls, U+FFFE, U+FFFF): fail naming the field, or write U+FFFD and report the count."
      ),
    ])

  /// Starts the document and returns the writer of its parts.
  public func begin(_ catalog: Catalog, to output: ExportOutput) throws -> any CatalogWriter {
    let document = try XMLDocumentWriter(sink: output.sink)
    let indent = output.options.boolean("compact") ? 0 : Int(output.options.integer("indent"))
    if indent > 0 {
      xmlTextWriterSetIndent(document.writer, 1)
      xmlTextWriterSetIndentString(document.writer, String(repeating: " ", count: indent))
    }
    var writer = XMLCatalogWriter(
      document: document, output: output,
      parts: CatalogTreeParts(
        XMLTreeWriter(writer: document.writer, replaceInvalid: output.options.string("invalid-characters") == "replace")))
    try writer.run {
      guard xmlTextWriterStartDocument(document.writer, "1.0", "UTF-8", nil) >= 0 else { throw ExportError("libxml2's writer failed") }
      try $0.start(formatVersion: catalog.formatVersion, info: catalog.info)
    }
    return writer
  }
}

/// libxml2's text writer on an output buffer that writes into a sink; freed
/// when the last reference goes, finished or not.
final class XMLDocumentWriter {
  let target: LibXMLOutput
  let writer: xmlTextWriterPtr

  init(sink: ByteSink) throws {
    target = LibXMLOutput(sink: sink)
    guard let buffer = target.makeBuffer(), let writer = xmlNewTextWriter(buffer) else {
      throw ExportError("libxml2 could not create a writer")
    }
    self.writer = writer
  }

  deinit { xmlFreeTextWriter(writer) }
}

/// Writes the people, works and reviews of an XML document, then closes it.
struct XMLCatalogWriter: CatalogWriter {
  let document: XMLDocumentWriter
  let output: ExportOutput
  var parts: CatalogTreeParts<XMLTreeWriter>

  mutating func write(_ person: Person) throws { try run { try $0.write(person) } }
  mutating func write(_ work: Work) throws { try run { try $0.write(work) } }
  mutating func write(_ review: Review) throws { try run { try $0.write(review) } }

  mutating func finish() throws {
    let document = self.document
    try run {
      try $0.finish()
      guard xmlTextWriterEndDocument(document.writer) >= 0 else { throw ExportError("libxml2's writer failed") }
      xmlTextWriterFlush(document.writer)
    }
    let replacements = parts.writer.replacements
    if replacements > 0 {
      output.warn("replaced \(replacements) character\(replacements == 1 ? "" : "s") that XML 1.0 cannot carry with U+FFFD")
    }
  }

  /// Runs `body`; an error of the sink, met inside libxml2, wins over libxml2's own.
  mutating func run(_ body: (inout CatalogTreeParts<XMLTreeWriter>) throws -> Void) throws {
    do {
      try body(&parts)
    } catch {
      throw document.target.error ?? error
    }
    if let error = document.target.error { throw error }
  }
}

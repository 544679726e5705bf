internal import CLibXML2
import ReviewCatalog
import ReviewExporting

/// Exports a catalog as XML 1.0, streamed through libxml2's `xmlTextWriter`.
///
/// The document validates against the schema that `review-export schema xml`
/// prints (``XMLSchema/text``). Options: `indent` (spaces, default 2),
/// `compact` (no indentation or line breaks) and `invalid-characters`
/// (`error`, the default, or `replace` with U+FFFD).
public struct XMLExporter: Exporter {
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
        help: "What to do with characters XML 1.0 cannot carry (most C0 controls, U+FFFE, U+FFFF): fail naming the field, or write U+FFFD and report the count."),
    ])

  /// Writes `catalog` as XML.
  public func export(_ catalog: Catalog, to output: ExportOutput) throws {
    let target = LibXMLOutput(sink: output.sink)
    try withExtendedLifetime(target) {
      guard let buffer = target.makeBuffer(), let writer = xmlNewTextWriter(buffer) else {
        throw ExportError("libxml2 could not create a writer")
      }
      defer { xmlFreeTextWriter(writer) }
      let indent = output.options.boolean("compact") ? 0 : Int(output.options.integer("indent"))
      if indent > 0 {
        xmlTextWriterSetIndent(writer, 1)
        xmlTextWriterSetIndentString(writer, String(repeating: " ", count: indent))
      }
      var tree = XMLTreeWriter(writer: writer, replaceInvalid: output.options.string("invalid-characters") == "replace")
      do {
        guard xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil) >= 0 else { throw ExportError("libxml2's writer failed") }
        try catalog.writeHead(to: &tree)
    for review in catalog.reviews {
      try review.write(to: &tree)
      output.reviewWritten()
    }
    try catalog.writeTail(to: &tree)
        guard xmlTextWriterEndDocument(writer) >= 0 else { throw ExportError("libxml2's writer failed") }
        xmlTextWriterFlush(writer)
      } catch {
        throw target.error ?? error
      }
      if let error = target.error { throw error }
      if tree.replacements > 0 {
        output.warn("replaced \(tree.replacements) character\(tree.replacements == 1 ? "" : "s") that XML 1.0 cannot carry with U+FFFD")
      }
    }
  }
}

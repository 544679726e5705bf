import ReviewCatalog
import ReviewExporting

/// Exports a catalog as XML 1.0, streamed through libxml2's `xmlTextWriter`.
///
/// The document validates against the schema that `review-export schema xml`
/// prints (``XMLSchema/text``). Options: `indent` (spaces, default 2),
/// `compact` (no indentation or line breaks) and `invalid-characters`
/// (`error`, the default, or `replace` with U+FFFD).
public struct XMLExporter: SplittableExporter {
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
  public func beginSplittable(_ catalog: Catalog, to output: ExportDestination) throws -> any SplittableCatalogWriter {
    let indent = output.options.boolean("compact") ? 0 : Int(output.options.integer("indent"))
    let document = try XMLDocumentWriter(sink: output.sink, indent: indent)
    try document.startDocument()
    let replaceInvalid = output.options.string("invalid-characters") == "replace"
    var parts = CatalogTreeParts(
      XMLTreeWriter(
        document: document, replaceInvalid: replaceInvalid,
        countReplacements: { output.count($0, of: "xml.replaced", note: XMLCharacters.replacementNote) }))
    try parts.start(formatVersion: catalog.formatVersion, info: catalog.info)
    return XMLCatalogWriter(parts: parts)
  }
}

/// The tree walk over the XMLTreeWriter, compiled for it.
struct XMLCatalogWriter: TreeCatalogWriter {
  var parts: CatalogTreeParts<XMLTreeWriter>
}

import ReviewCatalog
import ReviewExporting

/// Exports the canonical JSON form of a catalog.
///
/// Keys in the format's order, arrays in the catalog's order, absent optional
/// keys left out, exact 64-bit integers, the shortest text that reads back as
/// the same double, RFC 8259 escaping, a final newline. Options: `indent`
/// (spaces per level, default 2), `compact` (one line, no spaces) and
/// `escape-non-ascii` (`\uXXXX` for every non-ASCII character).
public struct JSONExporter: SplittableExporter {
  /// Creates the exporter.
  public init() {}

  /// The `json` format.
  public let format = FormatDescriptor(
    name: "json", fileExtension: "json", mediaType: "application/json",
    summary: "The canonical catalog as JSON: the input format, exactly, keys in the documented order.",
    options: [
      OptionDescriptor(
        name: "indent", kind: .integer(0...16), defaultValue: .integer(2),
        help: "Spaces per level of indentation."),
      OptionDescriptor(
        name: "compact", kind: .boolean, defaultValue: .boolean(false),
        help: "Write everything on one line with no spaces (ignores indent)."),
      OptionDescriptor(
        name: "escape-non-ascii", kind: .boolean, defaultValue: .boolean(false),
        help: "Write every non-ASCII character as a \\uXXXX escape, for ASCII-only channels."),
    ])

  /// Starts the document and returns the writer of its parts.
  public func beginSplittable(_ catalog: Catalog, to output: ExportDestination) throws -> any SplittableCatalogWriter {
    let options = output.options
    let indent = options.boolean("compact") ? nil : Int(options.integer("indent"))
    var parts = CatalogTreeParts(
      JSONTreeWriter(sink: output.sink, indent: indent, escapeNonASCII: options.boolean("escape-non-ascii")))
    try parts.start(formatVersion: catalog.formatVersion, info: catalog.info)
    return JSONCatalogWriter(parts: parts)
  }
}

/// The tree walk over the JSONTreeWriter, compiled for it.
struct JSONCatalogWriter: TreeCatalogWriter {
  var parts: CatalogTreeParts<JSONTreeWriter>
}

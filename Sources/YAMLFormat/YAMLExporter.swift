import ReviewCatalog
import ReviewExporting

/// Exports a catalog as YAML, streamed through the system libyaml's emitter.
///
/// The same tree as the JSON, keys in the same order, block style, no
/// anchors, aliases or tags. Every string reads back as the same string under
/// YAML 1.1 (PyYAML, Ruby's Psych) and YAML 1.2 readers; numbers read back as
/// numbers of the same value; multi-line texts are literal blocks where that
/// keeps them exactly. Options: `indent` (2–9, default 2) and
/// `document-start` (begin with `---`).
public struct YAMLExporter: SplittableExporter {
  /// Creates the exporter.
  public init() {}

  /// The `yaml` format.
  public let format = FormatDescriptor(
    name: "yaml", fileExtension: "yaml", mediaType: "application/yaml",
    summary: "YAML in block style; every string reads back as itself under YAML 1.1 and 1.2 readers.",
    options: [
      OptionDescriptor(
        name: "indent", kind: .integer(2...9), defaultValue: .integer(2), help: "Spaces per level of indentation."),
      OptionDescriptor(
        name: "document-start", kind: .boolean, defaultValue: .boolean(false),
        help: "Begin the document with an explicit '---' line."),
    ])

  /// True: libyaml's emitter is the slowest step of any export that
  /// includes YAML, so its reviews are written in chunks on every core.
  public var writesFasterInChunks: Bool { true }

  /// Starts the stream and the document and returns the writer of its parts.
  public func beginSplittable(_ catalog: Catalog, to output: ExportDestination) throws -> any SplittableCatalogWriter {
    let emitter = try YAMLEmitter(sink: output.sink, indent: Int(output.options.integer("indent")))
    try emitter.startDocument(explicitStart: output.options.boolean("document-start"))
    var parts = CatalogTreeParts(YAMLTreeWriter(emitter: emitter))
    try parts.start(formatVersion: catalog.formatVersion, info: catalog.info)
    return YAMLCatalogWriter(parts: parts)
  }
}

/// The tree walk over the YAMLTreeWriter, compiled for it.
struct YAMLCatalogWriter: TreeCatalogWriter {
  var parts: CatalogTreeParts<YAMLTreeWriter>
}

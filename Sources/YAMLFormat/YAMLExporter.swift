internal import CYAML
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
public struct YAMLExporter: StreamingExporter {
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

  /// Starts the stream and the document and returns the writer of its parts.
  public func begin(_ catalog: Catalog, to output: ExportOutput) throws -> any CatalogWriter {
    let emitter = try YAMLEmitter(sink: output.sink, indent: Int(output.options.integer("indent")))
    let implicitStart: Int32 = output.options.boolean("document-start") ? 0 : 1
    try emitter.emit { yaml_stream_start_event_initialize($0, YAML_UTF8_ENCODING) }
    try emitter.emit { yaml_document_start_event_initialize($0, nil, nil, nil, implicitStart) }
    var parts = CatalogTreeParts(YAMLTreeWriter(emitter: emitter))
    try parts.start(formatVersion: catalog.formatVersion, info: catalog.info)
    return YAMLCatalogWriter(parts: parts)
  }
}

/// Writes the people, works and reviews of a YAML document, then ends the document and the stream.
struct YAMLCatalogWriter: CatalogWriter {
  var parts: CatalogTreeParts<YAMLTreeWriter>

  mutating func write(_ person: Person) throws { try parts.write(person) }
  mutating func write(_ work: Work) throws { try parts.write(work) }
  mutating func write(_ review: Review) throws { try parts.write(review) }

  mutating func finish() throws {
    try parts.finish()
    let emitter = parts.writer.emitter
    try emitter.emit { yaml_document_end_event_initialize($0, 1) }
    try emitter.emit { yaml_stream_end_event_initialize($0) }
    try emitter.flush()
  }
}

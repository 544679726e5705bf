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

  /// Starts the stream, writes the document's head and returns the writer of its reviews.
  public func begin(_ head: Catalog, to output: ExportOutput) throws -> any ReviewWriter {
    let emitter = try YAMLEmitter(sink: output.sink, indent: Int(output.options.integer("indent")))
    let implicitStart: Int32 = output.options.boolean("document-start") ? 0 : 1
    try emitter.emit { yaml_stream_start_event_initialize($0, YAML_UTF8_ENCODING) }
    try emitter.emit { yaml_document_start_event_initialize($0, nil, nil, nil, implicitStart) }
    var writer = YAMLTreeWriter(emitter: emitter)
    try head.writeHead(to: &writer)
    return YAMLReviewWriter(tree: writer)
  }
}

/// Writes the reviews of a YAML document, then ends the document and the stream.
struct YAMLReviewWriter: ReviewWriter {
  var tree: YAMLTreeWriter

  mutating func write(_ review: Review) throws {
    try review.write(to: &tree)
  }

  mutating func finish() throws {
    try Catalog.writeTail(to: &tree)
    try tree.emitter.emit { yaml_document_end_event_initialize($0, 1) }
    try tree.emitter.emit { yaml_stream_end_event_initialize($0) }
    try tree.emitter.flush()
  }
}

internal import CYAML
import ReviewCatalog
import ReviewExporting

/// An event of libyaml's parser, converted, before aliases are expanded.
enum YAMLParsedEvent {
  /// A node event other than a scalar, and the anchor it carries.
  case node(YAMLNodeEvent, anchor: String?)
  /// An alias, to be replaced by the events of its anchor's node.
  case alias(String, SourcePosition)
  /// The bytes of the texts of the scalars after it in the batch.
  case texts(BatchTexts)
  /// A scalar whose text is `count` bytes from `start` of the batch's texts.
  case scalar(start: Int, count: Int, isPlain: Bool, tag: String?, position: SourcePosition, anchor: String?)
}

/// libyaml's parser on one input, producing converted events in batches
/// (the scalar's text made a `String`, tags checked) for a
/// `ProducerThread`, which runs it on a thread of its own for large inputs.
final class YAMLEventParser: EventProducer {
  // Used from one thread at a time, event by event: Swift's run-time
  // exclusivity checks on these (at every access) are turned off.
  @exclusivity(unchecked) private var parser = yaml_parser_t()
  @exclusivity(unchecked) private var documents = 0

  /// A parser of `bytes`, which must stay valid while it is used.
  init(bytes: UnsafeBufferPointer<UInt8>) throws {
    guard yaml_parser_initialize(&parser) == 1 else { throw SyntaxError(message: "libyaml could not start a parser") }
    yaml_parser_set_input_string(&parser, bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!, bytes.count)
  }

  deinit { yaml_parser_delete(&parser) }

  /// How many bytes of the input libyaml has taken in.
  var producedBytes: Int {
    guard let start = parser.input.string.start, let current = parser.input.string.current else { return 0 }
    return current - start
  }

  func produce(into batch: inout [YAMLParsedEvent], upTo count: Int) throws -> Bool {
    try parse(into: &batch, upTo: count)
  }

  /// Parses up to `count` node events into `batch`; `false` at the end of the stream.
  private func parse(into batch: inout [YAMLParsedEvent], upTo count: Int) throws -> Bool {
    // The batch's texts, begun at its first scalar.
    var texts: BatchTexts?
    while batch.count < count {
      var event = yaml_event_t()
      guard yaml_parser_parse(&parser, &event) == 1 else { throw parserError() }
      defer { yaml_event_delete(&event) }
      let position = Self.position(event.start_mark)
      switch event.type {
      case YAML_STREAM_START_EVENT, YAML_DOCUMENT_END_EVENT:
        continue
      case YAML_STREAM_END_EVENT, YAML_NO_EVENT:
        return false
      case YAML_DOCUMENT_START_EVENT:
        documents += 1
        if documents > 1 { throw SyntaxError(position: position, message: "a catalog file holds one YAML document; this is the second") }
      case YAML_ALIAS_EVENT:
        batch.append(.alias(String(cString: event.data.alias.anchor), position))
      case YAML_SCALAR_EVENT:
        let scalar = event.data.scalar
        let tag = try Self.coreTag(scalar.tag, position)
        if texts == nil {
          // A batch's texts are about 22 KiB (512 events): room for them at once.
          let fresh = BatchTexts(capacity: 1 << 16)
          texts = fresh
          batch.append(.texts(fresh))
        }
        let start = texts!.count
        texts!.append(UnsafeBufferPointer(start: scalar.value, count: scalar.length))
        batch.append(
          .scalar(
            start: start, count: scalar.length, isPlain: scalar.style == YAML_PLAIN_SCALAR_STYLE && tag == nil, tag: tag, position: position,
            anchor: Self.anchor(scalar.anchor)))
      case YAML_MAPPING_START_EVENT:
        let tag = try Self.coreTag(event.data.mapping_start.tag, position)
        if let tag, tag != "map" { throw SyntaxError(position: position, message: "a mapping cannot have the tag !!\(tag)") }
        batch.append(.node(.mappingStart(position), anchor: Self.anchor(event.data.mapping_start.anchor)))
      case YAML_SEQUENCE_START_EVENT:
        let tag = try Self.coreTag(event.data.sequence_start.tag, position)
        if let tag, tag != "seq" { throw SyntaxError(position: position, message: "a sequence cannot have the tag !!\(tag)") }
        batch.append(.node(.sequenceStart(position), anchor: Self.anchor(event.data.sequence_start.anchor)))
      case YAML_MAPPING_END_EVENT:
        batch.append(.node(.mappingEnd, anchor: nil))
      case YAML_SEQUENCE_END_EVENT:
        batch.append(.node(.sequenceEnd, anchor: nil))
      default:
        continue
      }
    }
    return true
  }

  private static func anchor(_ anchor: UnsafeMutablePointer<yaml_char_t>?) -> String? {
    anchor.map { String(cString: $0) }
  }

  private static func coreTag(_ tag: UnsafeMutablePointer<yaml_char_t>?, _ position: SourcePosition) throws -> String? {
    guard let tag else { return nil }
    let text = String(cString: tag)
    guard let core = YAMLEventReader.coreTags[text] else {
      throw SyntaxError(position: position, message: "the tag \(text) is not supported; only YAML's core tags (!!str, !!int, !!float, …) are")
    }
    return core
  }

  private func parserError() -> SyntaxError {
    let problem = parser.problem.map { String(cString: $0) } ?? "the document is not valid YAML"
    let context = parser.context.map { String(cString: $0) + ": " } ?? ""
    return SyntaxError(position: Self.position(parser.problem_mark), message: "malformed YAML: \(context)\(problem)")
  }

  private static func position(_ mark: yaml_mark_t) -> SourcePosition {
    SourcePosition(line: mark.line + 1, column: mark.column + 1)
  }
}

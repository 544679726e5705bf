internal import CYAML
import ReviewCatalog

/// A YAML node event, after aliases have been expanded.
enum YAMLNodeEvent {
  case scalar(YAMLScalar)
  case mappingStart(SourcePosition)
  case mappingEnd
  case sequenceStart(SourcePosition)
  case sequenceEnd
}

/// A scalar: its text, whether it was plain (so its type is resolved from
/// its text), and where it starts.
struct YAMLScalar {
  var text: String
  var isPlain: Bool
  /// The core tag given explicitly (`str`, `int`, …), if any.
  var tag: String?
  var position: SourcePosition
}

/// Pulls node events from YAML bytes with libyaml's parser.
///
/// Accepts one document. Anchors and aliases are expanded, within two
/// budgets that grow with the document: the events replayed, and the bytes
/// of text they carry (``expansionFactor`` times the input's size, at least
/// 1 MiB), so that neither an alias bomb nor one large scalar aliased many
/// times can make a small file expand into gigabytes. Nesting is bounded (libyaml 0.2.5 has no limit of its own). Tags
/// other than YAML's core ones are refused.
final class YAMLEventReader {
  static let maximumDepth = 64
  static let coreTags: [String: String] = [
    "tag:yaml.org,2002:str": "str", "tag:yaml.org,2002:int": "int", "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool", "tag:yaml.org,2002:null": "null", "tag:yaml.org,2002:map": "map",
    "tag:yaml.org,2002:seq": "seq", "!": "str",
  ]

  /// How many times its own size a document may grow by its aliases, by default.
  static let defaultExpansionFactor = 10

  private var parser = yaml_parser_t()
  /// The most bytes of text that aliases may replay.
  private let expansionLimit: Int
  private let expansionFactor: Int
  private var replayedBytes = 0
  /// The bytes of text of each anchored node, by anchor.
  private var anchorSizes: [String: Int] = [:]
  private var depth = 0
  private var documents = 0
  private var parsedEvents = 0
  private var replayedEvents = 0
  /// Events of anchored nodes, by anchor.
  private var anchors: [String: [YAMLNodeEvent]] = [:]
  /// Anchored nodes being recorded: anchor, events so far, depth they end at.
  private var recordings: [(anchor: String, events: [YAMLNodeEvent], depth: Int, bytes: Int)] = []
  private var replay: [YAMLNodeEvent] = []
  private var replayIndex = 0
  private var peeked: YAMLNodeEvent?

  /// Reads `bytes`, which must stay valid while the reader is used.
  init(bytes: UnsafeBufferPointer<UInt8>, expansionFactor: Int = YAMLEventReader.defaultExpansionFactor) throws {
    self.expansionFactor = expansionFactor
    expansionLimit = max(1 << 20, bytes.count.multipliedReportingOverflow(by: max(expansionFactor, 1)).partialValue)
    guard yaml_parser_initialize(&parser) == 1 else { throw SyntaxError(message: "libyaml could not start a parser") }
    yaml_parser_set_input_string(&parser, bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!, bytes.count)
  }

  deinit { yaml_parser_delete(&parser) }

  /// How many bytes of the input libyaml has taken in; it never reads them again.
  var consumedBytes: Int {
    guard let start = parser.input.string.start, let current = parser.input.string.current else { return 0 }
    return current - start
  }

  /// The next event without consuming it.
  func peek() throws -> YAMLNodeEvent? {
    if peeked == nil { peeked = try next() }
    return peeked
  }

  /// The next node event, or `nil` at the end of the stream.
  func next() throws -> YAMLNodeEvent? {
    if let event = peeked {
      peeked = nil
      return event
    }
    let event: YAMLNodeEvent
    if replayIndex < replay.count {
      event = replay[replayIndex]
      replayIndex += 1
    } else {
      guard let parsed = try parseNodeEvent() else { return nil }
      event = parsed
    }
    let size: Int
    if case .scalar(let scalar) = event { size = scalar.text.utf8.count + 2 } else { size = 2 }
    for index in recordings.indices {
      recordings[index].events.append(event)
      recordings[index].bytes += size
    }
    switch event {
    case .mappingStart(let position), .sequenceStart(let position):
      depth += 1
      if depth > Self.maximumDepth {
        throw SyntaxError(position: position, message: "nesting is deeper than \(Self.maximumDepth) levels; a catalog never is")
      }
    case .mappingEnd, .sequenceEnd:
      depth -= 1
    case .scalar:
      break
    }
    while let last = recordings.last, last.depth == depth {
      anchors[last.anchor] = last.events
      anchorSizes[last.anchor] = last.bytes
      recordings.removeLast()
    }
    return event
  }

  private func parseNodeEvent() throws -> YAMLNodeEvent? {
    while true {
      var event = yaml_event_t()
      guard yaml_parser_parse(&parser, &event) == 1 else { throw parserError() }
      defer { yaml_event_delete(&event) }
      parsedEvents += 1
      let position = Self.position(event.start_mark)
      switch event.type {
      case YAML_STREAM_START_EVENT, YAML_DOCUMENT_END_EVENT:
        continue
      case YAML_STREAM_END_EVENT, YAML_NO_EVENT:
        return nil
      case YAML_DOCUMENT_START_EVENT:
        documents += 1
        if documents > 1 { throw SyntaxError(position: position, message: "a catalog file holds one YAML document; this is the second") }
        continue
      case YAML_ALIAS_EVENT:
        let anchor = String(cString: event.data.alias.anchor)
        guard let events = anchors[anchor] else {
          throw SyntaxError(position: position, message: "alias *\(anchor) refers to no anchor before it")
        }
        replayedEvents += events.count
        if replayedEvents > 10_000 + 10 * parsedEvents {
          throw SyntaxError(position: position, message: "aliases expand to far more than the document holds (an alias bomb?); refusing to expand them")
        }
        replayedBytes += anchorSizes[anchor] ?? 0
        if replayedBytes > expansionLimit {
          throw SyntaxError(
            position: position,
            message: "aliases expand the document to more than \(expansionFactor) times its size (\(expansionLimit) bytes); "
              + "refusing to expand them (--max-alias-expansion raises the limit)")
        }
        replay = Array(events[1...]) + replay[replayIndex...]
        replayIndex = 0
        return events[0]
      case YAML_SCALAR_EVENT:
        let scalar = event.data.scalar
        let tag = try coreTag(scalar.tag, position)
        startRecording(scalar.anchor, endingAt: depth)
        let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
        return .scalar(YAMLScalar(text: text, isPlain: scalar.style == YAML_PLAIN_SCALAR_STYLE && tag == nil, tag: tag, position: position))
      case YAML_MAPPING_START_EVENT:
        let tag = try coreTag(event.data.mapping_start.tag, position)
        if let tag, tag != "map" { throw SyntaxError(position: position, message: "a mapping cannot have the tag !!\(tag)") }
        startRecording(event.data.mapping_start.anchor, endingAt: depth)
        return .mappingStart(position)
      case YAML_SEQUENCE_START_EVENT:
        let tag = try coreTag(event.data.sequence_start.tag, position)
        if let tag, tag != "seq" { throw SyntaxError(position: position, message: "a sequence cannot have the tag !!\(tag)") }
        startRecording(event.data.sequence_start.anchor, endingAt: depth)
        return .sequenceStart(position)
      case YAML_MAPPING_END_EVENT:
        return .mappingEnd
      case YAML_SEQUENCE_END_EVENT:
        return .sequenceEnd
      default:
        continue
      }
    }
  }

  /// Starts recording the node about to be returned under `anchor`; a scalar
  /// ends at the current depth, a collection when the depth comes back to it.
  private func startRecording(_ anchor: UnsafeMutablePointer<yaml_char_t>?, endingAt depth: Int) {
    guard let anchor else { return }
    recordings.append((String(cString: anchor), [], depth, 0))
  }

  private func coreTag(_ tag: UnsafeMutablePointer<yaml_char_t>?, _ position: SourcePosition) throws -> String? {
    guard let tag else { return nil }
    let text = String(cString: tag)
    guard let core = Self.coreTags[text] else {
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

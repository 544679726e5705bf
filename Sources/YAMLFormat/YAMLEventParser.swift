internal import CYAML
import ReviewCatalog
import ReviewExporting

/// An event of libyaml's parser, converted, before aliases are expanded.
///
/// Small (48 bytes) and, but for anchors, aliases and texts, free of
/// references: a chunk holds tens of thousands of them, and the reader
/// copies each one.
enum YAMLParsedEvent {
  case mappingStart(SourcePosition)
  case mappingEnd
  case sequenceStart(SourcePosition)
  case sequenceEnd
  /// The anchor of the node event after it.
  case anchor(String)
  /// An alias, to be replaced by the events of its anchor's node.
  case alias(String, SourcePosition)
  /// The bytes of the texts of the scalars after it.
  case texts(BatchTexts)
  /// A scalar whose text is `count` bytes from `start` of the texts.
  case scalar(start: Int, count: Int, isPlain: Bool, tag: YAMLCoreTag?, position: SourcePosition)
}

/// YAML's core tags, the only ones a catalog may use.
enum YAMLCoreTag: String {
  case str, int, float, bool, null, map, seq

  /// The tags by their full names (and `!`, the non-specific tag, which makes a string).
  static let byName: [String: YAMLCoreTag] = [
    "tag:yaml.org,2002:str": .str, "tag:yaml.org,2002:int": .int, "tag:yaml.org,2002:float": .float,
    "tag:yaml.org,2002:bool": .bool, "tag:yaml.org,2002:null": .null, "tag:yaml.org,2002:map": .map,
    "tag:yaml.org,2002:seq": .seq, "!": .str,
  ]
}

/// Which part of a document a parser reads (``YAMLChunkedParser`` splits a
/// large document between lines that start a top-level sequence's item).
enum YAMLChunkRole {
  /// The whole document.
  case whole
  /// The document's start, up to a chunk boundary: the parse must end with
  /// the open items of a sequence at column 0 in the top-level mapping
  /// closed, and only those; their end events are not handed over.
  case first
  /// The lines from a chunk boundary on, read after a line `k:` of ours so
  /// that they parse as what they are in the document: items of a sequence
  /// at column 0 in the top-level mapping. The events of that line are not
  /// handed over; unless the chunk is the last, it must end as `first` does.
  case following(isLast: Bool)
}

/// The parse of a chunk did not end at an item boundary of a top-level
/// sequence (``YAMLChunkRole``): the chunk is parsed again with the rest of
/// the document.
struct YAMLChunkBoundaryError: Error {}

/// libyaml's parser on one input, producing converted events in batches
/// (the scalar's text made a `String`, tags checked) for a
/// `ProducerThread`, which runs it on a thread of its own for large inputs.
final class YAMLEventParser: EventProducer {
  /// The line read before a following chunk (``YAMLChunkRole/following(isLast:)``).
  static let followingPrefix: [UInt8] = Array("k:\n".utf8)

  // Used from one thread at a time, event by event: Swift's run-time
  // exclusivity checks on these (at every access) are turned off.
  @exclusivity(unchecked) private var parser = yaml_parser_t()
  @exclusivity(unchecked) private var documents = 0
  private let role: YAMLChunkRole
  /// Added to libyaml's line numbers: where the input starts in the document.
  private let lineOffset: Int
  /// The bytes parsed: a following chunk's are read after ``followingPrefix`` through `readInput`.
  private let chunk: UnsafeBufferPointer<UInt8>
  @exclusivity(unchecked) private var chunkRead = 0
  /// Nesting, and the column of the block sequence open at depth 2 (-1 for any other).
  @exclusivity(unchecked) private var depth = 0
  @exclusivity(unchecked) private var sequenceColumn = -1
  /// End events held back at a chunk's end: 1 the sequence's, 2 also the top-level mapping's.
  @exclusivity(unchecked) private var heldEnds = 0
  /// The events of ``followingPrefix`` left to pass over.
  @exclusivity(unchecked) private var prefixEvents = 0
  /// The texts of every batch, when they are kept together (a chunk's are,
  /// in one allocation about the chunk's size, instead of 64 KiB a batch).
  var sharedTexts: BatchTexts?

  /// A parser of `bytes`, which must stay valid while it is used: the whole
  /// document, or the part of it that `role` says, starting at line
  /// `lineOffset` (0-based) of the document.
  init(bytes: UnsafeBufferPointer<UInt8>, role: YAMLChunkRole = .whole, lineOffset: Int = 0) throws {
    self.role = role
    chunk = bytes
    guard yaml_parser_initialize(&parser) == 1 else { throw SyntaxError(message: "libyaml could not start a parser") }
    if case .following = role {
      self.lineOffset = lineOffset - 1
      prefixEvents = 3
      yaml_parser_set_input(&parser, yamlReadChunk, Unmanaged.passUnretained(self).toOpaque())
    } else {
      self.lineOffset = lineOffset
      yaml_parser_set_input_string(&parser, bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!, bytes.count)
    }
  }

  deinit { yaml_parser_delete(&parser) }

  /// How many bytes of the input libyaml has taken in.
  var producedBytes: Int {
    if case .following = role { return max(0, chunkRead - Self.followingPrefix.count) }
    guard let start = parser.input.string.start, let current = parser.input.string.current else { return 0 }
    return current - start
  }

  /// Whether the parse must end at a chunk boundary.
  private var endsAtBoundary: Bool {
    switch role {
    case .whole, .following(isLast: true): false
    case .first, .following(isLast: false): true
    }
  }

  /// Copies up to `size` bytes of ``followingPrefix`` and then the chunk to `buffer`.
  fileprivate func read(into buffer: UnsafeMutablePointer<UInt8>, size: Int) -> Int {
    let prefix = Self.followingPrefix
    var written = 0
    while written < size && chunkRead < prefix.count {
      buffer[written] = prefix[chunkRead]
      written += 1
      chunkRead += 1
    }
    let start = chunkRead - prefix.count
    let count = min(size - written, chunk.count - start)
    if count > 0, let base = chunk.baseAddress {
      (buffer + written).initialize(from: base + start, count: count)
      written += count
      chunkRead += count
    }
    return written
  }

  func produce(into batch: inout [YAMLParsedEvent], upTo count: Int) throws -> Bool {
    try parse(into: &batch, upTo: count)
  }

  /// Parses up to `count` node events into `batch`; `false` at the end of the stream.
  private func parse(into batch: inout [YAMLParsedEvent], upTo count: Int) throws -> Bool {
    // The batch's texts, begun at its first scalar.
    var texts: BatchTexts?
    let checksBoundary = endsAtBoundary
    while batch.count < count {
      var event = yaml_event_t()
      guard yaml_parser_parse(&parser, &event) == 1 else { throw parserError() }
      defer { yaml_event_delete(&event) }
      let position = self.position(event.start_mark)
      if checksBoundary && heldEnds > 0 {
        // The ends held back stand unless the stream ends after them.
        switch (event.type, heldEnds) {
        case (YAML_MAPPING_END_EVENT, 1) where depth == 1:
          depth = 0
          heldEnds = 2
          continue
        case (YAML_DOCUMENT_END_EVENT, 2):
          continue
        case (YAML_STREAM_END_EVENT, 2):
          return false
        default:
          batch.append(.sequenceEnd)
          if heldEnds == 2 { batch.append(.mappingEnd) }
          heldEnds = 0
        }
      }
      if prefixEvents > 0 && event.type != YAML_STREAM_START_EVENT && event.type != YAML_DOCUMENT_START_EVENT {
        try passPrefixEvent(event)
        continue
      }
      switch event.type {
      case YAML_STREAM_START_EVENT, YAML_DOCUMENT_END_EVENT:
        continue
      case YAML_STREAM_END_EVENT, YAML_NO_EVENT:
        if checksBoundary { throw YAMLChunkBoundaryError() }
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
          let fresh = sharedTexts ?? BatchTexts(capacity: 1 << 16)
          texts = fresh
          batch.append(.texts(fresh))
        }
        let start = texts!.count
        texts!.append(UnsafeBufferPointer(start: scalar.value, count: scalar.length))
        if let anchor = scalar.anchor { batch.append(.anchor(String(cString: anchor))) }
        batch.append(
          .scalar(start: start, count: scalar.length, isPlain: scalar.style == YAML_PLAIN_SCALAR_STYLE && tag == nil, tag: tag, position: position))
      case YAML_MAPPING_START_EVENT:
        let tag = try Self.coreTag(event.data.mapping_start.tag, position)
        if let tag, tag != .map { throw SyntaxError(position: position, message: "a mapping cannot have the tag !!\(tag.rawValue)") }
        depth += 1
        if let anchor = event.data.mapping_start.anchor { batch.append(.anchor(String(cString: anchor))) }
        batch.append(.mappingStart(position))
      case YAML_SEQUENCE_START_EVENT:
        let tag = try Self.coreTag(event.data.sequence_start.tag, position)
        if let tag, tag != .seq { throw SyntaxError(position: position, message: "a sequence cannot have the tag !!\(tag.rawValue)") }
        depth += 1
        if depth == 2 {
          let isBlock = event.data.sequence_start.style == YAML_BLOCK_SEQUENCE_STYLE
          sequenceColumn = isBlock ? event.start_mark.column : -1
        }
        if let anchor = event.data.sequence_start.anchor { batch.append(.anchor(String(cString: anchor))) }
        batch.append(.sequenceStart(position))
      case YAML_MAPPING_END_EVENT:
        depth -= 1
        batch.append(.mappingEnd)
      case YAML_SEQUENCE_END_EVENT:
        depth -= 1
        if checksBoundary && depth == 1 && sequenceColumn == 0 {
          // Perhaps only the chunk's end: held back until the next event says.
          heldEnds = 1
          continue
        }
        batch.append(.sequenceEnd)
      default:
        continue
      }
    }
    return true
  }

  /// Passes over an event of ``followingPrefix``'s line: the top-level
  /// mapping, its key `k`, and the block sequence at column 0 the chunk's
  /// items belong to.
  private func passPrefixEvent(_ event: yaml_event_t) throws {
    let expected: Bool
    switch prefixEvents {
    case 3: expected = event.type == YAML_MAPPING_START_EVENT && event.data.mapping_start.style == YAML_BLOCK_MAPPING_STYLE
    case 2: expected = event.type == YAML_SCALAR_EVENT && event.start_mark.line == 0
    default:
      expected =
        event.type == YAML_SEQUENCE_START_EVENT && event.data.sequence_start.style == YAML_BLOCK_SEQUENCE_STYLE
        && event.start_mark.column == 0 && event.data.sequence_start.anchor == nil && event.data.sequence_start.tag == nil
      sequenceColumn = 0
    }
    guard expected else { throw YAMLChunkBoundaryError() }
    depth += 1 - (prefixEvents == 2 ? 1 : 0)
    prefixEvents -= 1
  }

  private static func coreTag(_ tag: UnsafeMutablePointer<yaml_char_t>?, _ position: SourcePosition) throws -> YAMLCoreTag? {
    guard let tag else { return nil }
    let text = String(cString: tag)
    guard let core = YAMLCoreTag.byName[text] else {
      throw SyntaxError(position: position, message: "the tag \(text) is not supported; only YAML's core tags (!!str, !!int, !!float, …) are")
    }
    return core
  }

  private func parserError() -> SyntaxError {
    let problem = parser.problem.map { String(cString: $0) } ?? "the document is not valid YAML"
    if parser.error == YAML_READER_ERROR { return readerError(problem) }
    let context = parser.context.map { String(cString: $0) + ": " } ?? ""
    return SyntaxError(position: position(parser.problem_mark), message: "malformed YAML: \(context)\(problem)")
  }

  /// A byte that is not UTF-8, or a control character: libyaml checks its
  /// input some kilobytes ahead of where it parses and gives no line for it,
  /// so the place is found from the byte's offset.
  private func readerError(_ problem: String) -> SyntaxError {
    var offset = Int(parser.problem_offset)
    if case .following = role { offset -= Self.followingPrefix.count }
    offset = max(0, min(offset, chunk.count))
    var value = parser.problem_value >= 0 ? " (\(String(parser.problem_value, radix: 16, uppercase: true)) hex)" : ""
    if problem == "invalid trailing UTF-8 octet" && offset < chunk.count {
      // libyaml names the byte after the lead byte; the sequence starts at the lead byte.
      var lead = offset
      while lead > 0 && chunk[lead - 1] & 0xC0 == 0x80 { lead -= 1 }
      if lead > 0 && chunk[lead - 1] >= 0xC0 { lead -= 1 }
      let bytes = chunk[lead...offset].map { String($0, radix: 16, uppercase: true) }.joined(separator: " ")
      value = " (\(bytes) hex)"
      offset = lead
    }
    let before = UnsafeBufferPointer(rebasing: chunk[0..<offset])
    let firstLine = if case .following = role { lineOffset + 1 } else { lineOffset }
    let line = firstLine + YAMLChunkedParser.lineCount(in: before) + 1
    // The column in characters, as libyaml counts it, after the line's last break.
    var lineStart = offset
    while lineStart > 0 {
      let byte = chunk[lineStart - 1]
      if byte == 0x0A || byte == 0x0D { break }
      if lineStart >= 2 && byte == 0x85 && chunk[lineStart - 2] == 0xC2 { break }
      if lineStart >= 3 && (byte == 0xA8 || byte == 0xA9) && chunk[lineStart - 2] == 0x80 && chunk[lineStart - 3] == 0xE2 { break }
      lineStart -= 1
    }
    let column = chunk[lineStart..<offset].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
    return SyntaxError(
      position: SourcePosition(line: line, column: column),
      message: "malformed YAML: \(problem)\(value); \(Self.textRule)")
  }

  /// What a reader error adds: the rule the input broke.
  static let textRule = "YAML text is UTF-8 without control characters (save a Latin-1 or Windows-1252 file as UTF-8)"

  private func position(_ mark: yaml_mark_t) -> SourcePosition {
    SourcePosition(line: mark.line + 1 + lineOffset, column: mark.column + 1)
  }
}

/// libyaml's input callback for a following chunk: fills `buffer` from the
/// ``YAMLEventParser`` passed as `data`.
private let yamlReadChunk: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<UInt8>?, Int, UnsafeMutablePointer<Int>?) -> Int32 = {
  data, buffer, size, read in
  guard let data, let buffer, let read else { return 0 }
  read.pointee = Unmanaged<YAMLEventParser>.fromOpaque(data).takeUnretainedValue().read(into: buffer, size: size)
  return 1
}

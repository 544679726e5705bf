internal import CYAML
import ReviewCatalog
import ReviewExporting

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
  var tag: YAMLCoreTag?
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

  /// How many times its own size a document may grow by its aliases, by default.
  static let defaultExpansionFactor = 10

  // The reader is used from one thread, event by event: Swift's run-time
  // exclusivity checks on its state (at every access) are turned off.
  private let parser: YAMLEventSource
  /// What keeps the input valid (a mapped file), released after the parser stops.
  private let owner: AnyObject?
  /// The parsed events not yet taken, and the next one's index.
  @exclusivity(unchecked) private var batch: [YAMLParsedEvent] = []
  @exclusivity(unchecked) private var batchIndex = 0
  /// The texts of the batch's scalars.
  @exclusivity(unchecked) private var texts = BatchTexts()
  /// The most bytes of text that aliases may replay.
  private let expansionLimit: Int
  private let expansionFactor: Int
  @exclusivity(unchecked) private var replayedBytes = 0
  /// The bytes of text of each anchored node, by anchor.
  @exclusivity(unchecked) private var anchorSizes: [String: Int] = [:]
  @exclusivity(unchecked) private var depth = 0
  @exclusivity(unchecked) private var parsedEvents = 0
  @exclusivity(unchecked) private var replayedEvents = 0
  /// Events of anchored nodes, by anchor.
  @exclusivity(unchecked) private var anchors: [String: [YAMLNodeEvent]] = [:]
  /// Anchored nodes being recorded: anchor, events so far, depth they end at.
  @exclusivity(unchecked) private var recordings: [(anchor: String, events: [YAMLNodeEvent], depth: Int, bytes: Int)] = []
  @exclusivity(unchecked) private var replay: [YAMLNodeEvent] = []
  @exclusivity(unchecked) private var replayIndex = 0
  @exclusivity(unchecked) private var peeked: YAMLNodeEvent?

  /// Reads `bytes`, which must stay valid while the reader lives (`owner`
  /// keeps them so): an input of 1 MiB or more is parsed on a thread of its
  /// own (`ProducerThread`), one of twice `chunkSize` or more in chunks on two
  /// (``YAMLChunkedParser``; by default only on a machine with more than one
  /// core and without `REVIEW_EXPORT_THREADS=1`); the reader stops them when
  /// it goes.
  init(
    bytes: UnsafeBufferPointer<UInt8>, expansionFactor: Int = YAMLEventReader.defaultExpansionFactor, owner: AnyObject? = nil,
    chunkSize: Int = ExportJob.writesInChunks ? YAMLChunkedParser.defaultChunkSize : .max
  ) throws {
    self.owner = owner
    self.expansionFactor = expansionFactor
    expansionLimit = max(1 << 20, bytes.count.multipliedReportingOverflow(by: max(expansionFactor, 1)).partialValue)
    if bytes.count / 2 >= chunkSize, let chunked = YAMLChunkedParser(bytes: bytes, chunkSize: chunkSize) {
      parser = .chunked(chunked)
    } else {
      parser = .single(
        ProducerThread(
          try YAMLEventParser(bytes: bytes), threaded: bytes.count >= ProducerThread<YAMLEventParser>.threadedFrom,
          name: "review-export YAML parser"))
    }
  }

  deinit { parser.stop() }

  /// How many bytes of the input libyaml has taken in; it never reads them again.
  var consumedBytes: Int { parser.consumedBytes }

  /// The next event without consuming it.
  func peek() throws -> YAMLNodeEvent? {
    if peeked == nil { peeked = try next() }
    return peeked
  }

  /// The next node event, or `nil` at the end of the stream.
  func next() throws -> YAMLNodeEvent? {
    // Events are taken, not copied (a copy retains and releases every text).
    if peeked != nil { return peeked.take() }
    let event: YAMLNodeEvent
    if replayIndex < replay.count {
      event = replay[replayIndex]
      replayIndex += 1
    } else {
      guard let parsed = try parseNodeEvent() else { return nil }
      event = parsed
    }
    if !recordings.isEmpty { record(event) }
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
    while !recordings.isEmpty && recordings[recordings.count - 1].depth == depth {
      let last = recordings.removeLast()
      anchors[last.anchor] = last.events
      anchorSizes[last.anchor] = last.bytes
    }
    return event
  }

  /// Adds `event` to the anchored nodes being recorded.
  private func record(_ event: YAMLNodeEvent) {
    let size: Int
    if case .scalar(let scalar) = event { size = scalar.text.utf8.count + 2 } else { size = 2 }
    for index in recordings.indices {
      recordings[index].events.append(event)
      recordings[index].bytes += size
    }
  }

  private func parseNodeEvent() throws -> YAMLNodeEvent? {
    var parsed: YAMLParsedEvent
    // The anchor of the node event that follows, if any.
    var anchor: String?
    while true {
      if batchIndex == batch.count {
        // Let the batch go first: a chunked parser reuses its storage.
        batch = []
        batchIndex = 0
        guard let next = try parser.nextBatch() else { return nil }
        batch = next
        if batch.isEmpty { return nil }
      }
      parsed = batch[batchIndex]
      batchIndex += 1
      if case .texts(let bytes) = parsed {
        // The texts of the scalars that follow.
        texts = bytes
      } else if case .anchor(let name) = parsed {
        anchor = name
      } else {
        break
      }
    }
    parsedEvents += 1
    if let anchor { recordings.append((anchor, [], depth, 0)) }
    switch parsed {
    case .texts, .anchor:
      preconditionFailure("skipped above")
    case .scalar(let start, let count, let isPlain, let tag, let position):
      return .scalar(YAMLScalar(text: texts.text(start: start, count: count), isPlain: isPlain, tag: tag, position: position))
    case .mappingStart(let position):
      return .mappingStart(position)
    case .sequenceStart(let position):
      return .sequenceStart(position)
    case .mappingEnd:
      return .mappingEnd
    case .sequenceEnd:
      return .sequenceEnd
    case .alias(let anchor, let position):
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
    }
  }
}

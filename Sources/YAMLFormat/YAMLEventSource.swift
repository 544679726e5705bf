import ReviewExporting

/// Where a ``YAMLEventReader``'s events come from.
enum YAMLEventSource {
  /// One parser, on its own thread or the reader's.
  case single(ProducerThread<YAMLEventParser>)
  /// Chunks parsed on two threads.
  case chunked(YAMLChunkedParser)

  /// The next events, or `nil` after the last; throws the document's first error.
  func nextBatch() throws -> [YAMLParsedEvent]? {
    switch self {
    case .single(let parser): try parser.nextBatch()
    case .chunked(let parser): try parser.nextBatch()
    }
  }

  /// How many bytes of the input the parsers no longer read.
  var consumedBytes: Int {
    switch self {
    case .single(let parser): parser.consumedBytes
    case .chunked(let parser): parser.consumedBytes
    }
  }

  /// Stops the parsers' threads and waits until they no longer read the input.
  func stop() {
    switch self {
    case .single(let parser): parser.stop()
    case .chunked(let parser): parser.stop()
    }
  }
}

import Foundation
import ReviewExporting

/// Parses a large YAML document on two threads, in chunks, handing over the
/// same events, positions and errors as one parser reading it whole.
///
/// libyaml's parser is the bound of reading YAML: it takes as long as
/// everything else together. A catalog's long lists are sequences at
/// column 0 in the top-level mapping (`reviews:` then a line `- id: …` per
/// review), and a line that starts with `- ` there begins an item, so the
/// document is cut before such lines about every ``chunkSize`` bytes. The
/// first chunk is parsed as it is, each following one after a line `k:` of
/// ours, which puts libyaml in the state it is in at that line of the whole
/// document (``YAMLChunkRole``); two threads parse chunks ahead of the
/// reader, at most ``chunksAhead`` past the one it reads.
///
/// A cut is only trusted when the chunk before it ends there as a chunk
/// must: with only the top-level mapping and a column-0 sequence in it open.
/// Whatever else happens (the cut fell inside a quoted text or a flow
/// collection that runs over lines, a second document, a syntax error), the
/// chunk is handed over only after it is parsed and checked, and on any
/// failure the document is parsed from that chunk's start to its end by one
/// parser, exactly as a parser reading the whole document would go on from
/// there: the events handed over, and the first error, are the same.
/// Aliases may refer to anchors in earlier chunks: the reader expands them
/// (libyaml only reports them). A document with directives is not cut.
/// One exception: libyaml checks its input some kilobytes ahead of where it
/// parses, so on a byte that is not UTF-8 (or a control character) one
/// parser stops at a place that depends on its buffer; chunks stop with the
/// same error, perhaps after more events.
final class YAMLChunkedParser: @unchecked Sendable {
  /// About how many bytes a chunk holds at most.
  static let defaultChunkSize = 1 << 19
  /// About how many events a chunk holds: a chunk is cut by the bytes per
  /// event of the last one parsed (a catalog's people and works have three
  /// times as many events per byte as its reviews), so that the chunks in
  /// memory stay about the same size.
  static let eventsPerChunk = 12_000
  /// How many chunks past the one being read may be parsed.
  static let chunksAhead = 1

  private let bytes: UnsafeBufferPointer<UInt8>
  private let chunkSize: Int

  // Shared with the threads, under `condition`.
  private let condition = NSCondition()
  /// Where each chunk found so far starts (the first at 0), and its first
  /// line (0-based): the next chunk is found when the last is claimed, so
  /// that the input is read no further ahead than the parsers are (the
  /// pages read stay in memory until the reader is past them).
  private var starts = [0]
  private var firstLines = [0]
  /// The last chunk, once it is claimed.
  private var lastChunk: Int?
  private var parsed: [Int: Result<ParsedChunk, any Error>] = [:]
  private var nextToClaim = 0
  /// Bytes per event in the last chunk parsed (a guess before the first).
  private var bytesPerEvent = 12
  /// Storage of chunks the reader is done with, for the next chunks: made
  /// anew, a chunk's megabytes are mapped and every page faulted in again.
  private var spareEvents: [[YAMLParsedEvent]] = []
  private var spareTexts: [BatchTexts] = []
  private var reading = 0
  private var stopping = false
  private var running = 0

  /// A chunk's events and the texts of its scalars.
  private struct ParsedChunk {
    var events: [YAMLParsedEvent]
    var texts: BatchTexts
  }

  // The reader's own.
  /// The chunk handed over last, whose storage is reused once the reader lets it go.
  private var delivered: ParsedChunk?
  /// The parser of the rest of the document after a chunk failed.
  private var rest: ProducerThread<YAMLEventParser>?
  private var restStart = 0

  /// Splits `bytes` (valid until ``stop()`` has returned) into chunks of
  /// about `chunkSize` bytes; `nil` when they cannot be split in two.
  init?(bytes: UnsafeBufferPointer<UInt8>, chunkSize: Int = YAMLChunkedParser.defaultChunkSize) {
    guard chunkSize > 0, let second = Self.chunkStart(in: bytes, from: chunkSize), !Self.hasDirectives(bytes[0..<second]) else {
      return nil
    }
    self.bytes = bytes
    self.chunkSize = chunkSize
    running = 2
    for index in 0..<2 {
      let thread = Thread { [self] in work() }
      thread.name = "review-export YAML parser \(index + 1)"
      thread.start()
    }
  }

  /// Where the chunk after `offset` starts: the first line at or after
  /// `offset` that starts with `- `; `nil` if there is none.
  static func chunkStart(in bytes: UnsafeBufferPointer<UInt8>, from offset: Int) -> Int? {
    guard let base = bytes.baseAddress, offset > 0 else { return nil }
    var scan = offset - 1
    while scan + 2 < bytes.count {
      guard let newline = memchr(base + scan, 0x0A, bytes.count - scan - 2) else { return nil }
      let index = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
      if base[index + 1] == UInt8(ascii: "-") && base[index + 2] == UInt8(ascii: " ") { return index + 1 }
      scan = index + 1
    }
    return nil
  }

  /// Whether a line of `head` starts with `%`: directives, which come before
  /// the document (`%TAG` would change what tags mean in chunks parsed on
  /// their own), so the document is not cut.
  static func hasDirectives(_ head: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
    var atLineStart = true
    for byte in head {
      if atLineStart && byte == UInt8(ascii: "%") { return true }
      atLineStart = byte == 0x0A
    }
    return false
  }

  /// How many bytes of the input the parsers no longer read.
  var consumedBytes: Int {
    if let rest { return restStart + rest.consumedBytes }
    condition.lock()
    defer { condition.unlock() }
    return starts[min(reading, starts.count - 1)]
  }

  /// The next events, or `nil` after the last.
  ///
  /// - Throws: The first error of the document, after every event before it.
  func nextBatch() throws -> [YAMLParsedEvent]? {
    while true {
      if let rest { return try rest.nextBatch() }
      condition.lock()
      if var done = delivered {
        delivered = nil
        // The reader holds the events no more (YAMLEventReader lets a batch go
        // before it asks for the next), so their storage is kept, not copied.
        done.events.removeAll(keepingCapacity: true)
        done.texts.removeBytes(from: 0)
        spareEvents.append(done.events)
        spareTexts.append(done.texts)
      }
      let chunk = reading
      while parsed[chunk] == nil && !(lastChunk.map { chunk > $0 } ?? false) { condition.wait() }
      guard parsed[chunk] != nil else {
        condition.unlock()
        return nil
      }
      let result = parsed.removeValue(forKey: chunk)!
      let firstLine = firstLines[chunk]
      condition.unlock()
      switch result {
      case .success(let chunk):
        condition.lock()
        reading += 1
        condition.broadcast()
        condition.unlock()
        delivered = chunk
        if !chunk.events.isEmpty { return chunk.events }
      case .failure:
        // Everything before this chunk is right; one parser does the rest.
        stopThreads()
        condition.lock()
        let start = starts[chunk]
        parsed.removeAll()
        spareEvents.removeAll()
        spareTexts.removeAll()
        condition.unlock()
        let remainder = UnsafeBufferPointer(rebasing: bytes[start...])
        let parser = try YAMLEventParser(
          bytes: chunk == 0 ? bytes : remainder, role: chunk == 0 ? .whole : .following(isLast: true), lineOffset: firstLine)
        restStart = start
        rest = ProducerThread(parser, threaded: true, name: "review-export YAML parser")
      }
    }
  }

  /// Stops the threads and waits until they no longer read the input.
  func stop() {
    stopThreads()
    rest?.stop()
  }

  private func stopThreads() {
    condition.lock()
    stopping = true
    condition.broadcast()
    while running > 0 { condition.wait() }
    condition.unlock()
  }

  /// A thread: claims chunks in order and parses each whole.
  private func work() {
    ProducerThread<YAMLEventParser>.releaseForeignCachedChunks()
    condition.lock()
    while true {
      while !stopping && lastChunk == nil && nextToClaim > reading + Self.chunksAhead { condition.wait() }
      guard !stopping, lastChunk == nil else { break }
      let chunk = nextToClaim
      nextToClaim += 1
      let start = starts[chunk]
      let end: Int
      let size = min(chunkSize, max(chunkSize / 16, Self.eventsPerChunk * bytesPerEvent))
      if let next = Self.chunkStart(in: bytes, from: start + size) {
        end = next
        starts.append(next)
        firstLines.append(firstLines[chunk] + Self.lineCount(in: UnsafeBufferPointer(rebasing: bytes[start..<next])))
      } else {
        end = bytes.count
        lastChunk = chunk
        condition.broadcast()
      }
      let firstLine = firstLines[chunk]
      var storage = ParsedChunk(events: spareEvents.popLast() ?? [], texts: spareTexts.popLast() ?? BatchTexts(capacity: end - start))
      condition.unlock()
      let result = parse(chunk: chunk, range: start..<end, isLast: end == bytes.count, firstLine: firstLine, into: &storage)
      condition.lock()
      if !storage.events.isEmpty { bytesPerEvent = max(1, (end - start) / storage.events.count) }
      parsed[chunk] = result.map { storage }
      condition.broadcast()
    }
    running -= 1
    condition.broadcast()
    condition.unlock()
  }

  /// Every event of a chunk, or the chunk's failure.
  ///
  /// The events and their texts are each one allocation, reused from chunk
  /// to chunk (`storage`): as batches of 512 events, each with 64 KiB of
  /// texts, made on this thread and freed on the reader's, they stayed in
  /// this thread's arena, scattered, and put 50 MiB more in memory.
  private func parse(
    chunk: Int, range: Range<Int>, isLast: Bool, firstLine: Int, into storage: inout ParsedChunk
  ) -> Result<Void, any Error> {
    do {
      let parser = try YAMLEventParser(
        bytes: UnsafeBufferPointer(rebasing: bytes[range]), role: chunk == 0 ? .first : .following(isLast: isLast), lineOffset: firstLine)
      // A chunk's texts are at most about its size (escapes only shorten them, but for \L and \P).
      parser.sharedTexts = storage.texts
      while try parser.produce(into: &storage.events, upTo: .max) {}
      return .success(())
    } catch {
      return .failure(error)
    }
  }

  /// How many lines libyaml counts in `bytes`: a line ends at LF, CR LF,
  /// a CR alone, NEL (U+0085), LS (U+2028) and PS (U+2029).
  static func lineCount(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
    guard let base = bytes.baseAddress else { return 0 }
    let count = bytes.count
    func byteAt(_ index: Int) -> UInt8 { index < count ? base[index] : 0 }
    /// How many times `lead` occurs where `counts` says the break is one.
    func occurrences(of lead: UInt8, where counts: (Int) -> Bool) -> Int {
      var found = 0
      var offset = 0
      while offset < count, let match = memchr(base + offset, Int32(lead), count - offset) {
        let index = base.distance(to: match.assumingMemoryBound(to: UInt8.self))
        if counts(index) { found += 1 }
        offset = index + 1
      }
      return found
    }
    return occurrences(of: 0x0A) { _ in true } + occurrences(of: 0x0D) { byteAt($0 + 1) != 0x0A }
      + occurrences(of: 0xC2) { byteAt($0 + 1) == 0x85 }
      + occurrences(of: 0xE2) { byteAt($0 + 1) == 0x80 && (byteAt($0 + 2) == 0xA8 || byteAt($0 + 2) == 0xA9) }
  }
}

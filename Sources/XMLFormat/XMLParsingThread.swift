import Foundation
internal import CLibXML2

/// Runs libxml2's reader (``XMLPullReader``) on a thread of its own, a
/// few batches of events ahead of the decoder, so that parsing and decoding
/// use two cores.
///
/// Every event carries what the decoder needs of where it is (a start
/// element its line), so reading ahead changes no message. The thread stops
/// at the end of the document, at the first error (handed over after the
/// events before it), or when ``stop()`` is called, which waits for it: the
/// input must stay valid until then.
final class XMLParsingThread: @unchecked Sendable {
  /// How many events go over at a time.
  static let batchSize = 512
  /// How many batches may wait for the decoder before the thread waits.
  static let batchesAhead = 8
  /// Inputs in memory smaller than this are parsed on the decoder's thread.
  static let threadedFrom = 1 << 20

  /// The reader the thread runs; it is not used from the decoder's side.
  private let reader: XMLPullReader

  // Shared with the thread, under `condition`.
  private let condition = NSCondition()
  private var ready: [[XMLEvent]] = []
  private var ended = false
  private var failure: (any Error)?
  private var stopping = false
  private var running = true
  private var consumed = 0

  // The decoder's side.
  private var batch: [XMLEvent] = []
  private var index = 0

  /// Starts running `reader`; its input must stay valid until ``stop()`` returns.
  init(_ reader: XMLPullReader) {
    self.reader = reader
    let thread = Thread { [self] in run() }
    thread.name = "review-export XML parser"
    thread.start()
  }

  /// Stops the thread and waits until it no longer reads the input.
  func stop() {
    condition.lock()
    stopping = true
    condition.broadcast()
    while running { condition.wait() }
    condition.unlock()
  }

  /// How many bytes of the input libxml2 has parsed.
  var consumedBytes: Int {
    condition.lock()
    defer { condition.unlock() }
    return consumed
  }

  /// The next event, or `nil` at the end of the document.
  ///
  /// - Throws: The reader's error, after every event before it.
  func next() throws -> XMLEvent? {
    if index == batch.count {
      condition.lock()
      while ready.isEmpty && !ended { condition.wait() }
      if ready.isEmpty {
        condition.unlock()
        if let failure { throw failure }
        return nil
      }
      batch = ready.removeFirst()
      index = 0
      condition.broadcast()
      condition.unlock()
    }
    index += 1
    return batch[index - 1]
  }

  /// The thread: reads batches until the end, an error, or ``stop()``.
  private func run() {
    // libxml2 keeps its error handlers per thread.
    xmlSetStructuredErrorFunc(nil, ignoreError)
    var error: (any Error)?
    var more = true
    while more {
      var events: [XMLEvent] = []
      events.reserveCapacity(Self.batchSize)
      do {
        while events.count < Self.batchSize {
          guard let event = try reader.read() else {
            more = false
            break
          }
          events.append(event)
        }
      } catch let thrown {
        error = thrown
        more = false
      }
      let bytes = reader.parsedBytes
      condition.lock()
      while ready.count >= Self.batchesAhead && !stopping { condition.wait() }
      if stopping {
        condition.unlock()
        break
      }
      if !events.isEmpty { ready.append(events) }
      consumed = bytes
      condition.broadcast()
      condition.unlock()
    }
    condition.lock()
    failure = error
    ended = true
    running = false
    condition.broadcast()
    condition.unlock()
  }
}

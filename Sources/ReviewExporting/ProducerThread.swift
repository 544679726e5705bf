import Foundation

/// A parser that produces events in batches, for ``ProducerThread``.
public protocol EventProducer: AnyObject, SendableMetatype {
  /// What the parser produces.
  associatedtype Event
  /// Appends up to `count` events to `batch`; `false` once there are no more.
  ///
  /// - Throws: The input's first error, after the events before it.
  func produce(into batch: inout [Event], upTo count: Int) throws -> Bool
  /// How many bytes of the input the parser has taken in; it never reads them again.
  var producedBytes: Int { get }
}

/// Runs an ``EventProducer`` (libyaml's parser, libxml2's reader) on a
/// thread of its own, a few batches of events ahead of the reader, so that
/// parsing and decoding use two cores.
///
/// The thread stops at the end of the input, at the first error (handed
/// over after every event before it), or when ``stop()`` is called, which
/// waits for it: the input must stay valid until then, so the reader calls
/// ``stop()`` before it lets its input go. Unthreaded, the producer runs on
/// the caller's thread, as events are asked for (for small inputs, where a
/// thread costs more than it saves).
public final class ProducerThread<Producer: EventProducer>: @unchecked Sendable {
  /// How many events go over at a time.
  public static var batchSize: Int { 512 }
  /// How many batches may wait for the reader before the thread waits.
  public static var batchesAhead: Int { 8 }
  /// Inputs in memory smaller than this are best parsed without a thread.
  public static var threadedFrom: Int { 1 << 20 }

  private let producer: Producer
  /// Whether a thread produces the events.
  public let isThreaded: Bool

  // Shared with the thread, under `condition`.
  private let condition = NSCondition()
  private var ready: [[Producer.Event]] = []
  private var ended = false
  private var failure: (any Error)?
  private var stopping = false
  private var running: Bool
  private var consumed = 0
  /// Unthreaded: the error met after the events last handed over.
  private var pendingFailure: (any Error)?

  /// Runs `producer`, on a thread of its own when `threaded`.
  public init(_ producer: Producer, threaded: Bool, name: String) {
    self.producer = producer
    isThreaded = threaded
    running = threaded
    if threaded {
      let thread = Thread { [self] in run() }
      thread.name = name
      thread.start()
    }
  }

  /// Stops the thread and waits until it no longer reads the input.
  public func stop() {
    condition.lock()
    stopping = true
    condition.broadcast()
    while running { condition.wait() }
    condition.unlock()
  }

  /// How many bytes of the input the producer has taken in.
  public var consumedBytes: Int {
    guard isThreaded else { return producer.producedBytes }
    condition.lock()
    defer { condition.unlock() }
    return consumed
  }

  /// The next events, or `nil` after the last.
  ///
  /// - Throws: The producer's error, after every event before it.
  public func nextBatch() throws -> [Producer.Event]? {
    guard isThreaded else {
      if let pendingFailure { throw pendingFailure }
      var batch: [Producer.Event] = []
      do {
        let more = try producer.produce(into: &batch, upTo: Self.batchSize)
        return batch.isEmpty && !more ? nil : batch
      } catch {
        // The events before the error first, as the thread hands them over.
        guard !batch.isEmpty else { throw error }
        pendingFailure = error
        return batch
      }
    }
    condition.lock()
    defer { condition.unlock() }
    while ready.isEmpty && !ended { condition.wait() }
    if !ready.isEmpty {
      let batch = ready.removeFirst()
      condition.broadcast()
      return batch
    }
    if let failure { throw failure }
    return nil
  }

  /// The thread: produces batches until the end, an error, or ``stop()``.
  private func run() {
    var error: (any Error)?
    var more = true
    var batches = 0
    while more {
      var batch: [Producer.Event] = []
      batch.reserveCapacity(Self.batchSize)
      // After the Swift runtime's first uses on this thread and the first
      // hand-over (see `releaseForeignCachedChunks`).
      if batches < 2 { Self.releaseForeignCachedChunks() }
      batches += 1
      do {
        more = try producer.produce(into: &batch, upTo: Self.batchSize)
      } catch let thrown {
        error = thrown
        more = false
      }
      let bytes = producer.producedBytes
      condition.lock()
      while ready.count >= Self.batchesAhead && !stopping { condition.wait() }
      if stopping {
        condition.unlock()
        break
      }
      if !batch.isEmpty { ready.append(batch) }
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

  /// Empties this thread's allocator cache of chunks that other threads
  /// allocated, so that the parser's own allocations stay in its own arena.
  ///
  /// glibc keeps a small per-thread cache of freed chunks, whatever arena they
  /// belong to, and a chunk grown by `realloc` stays in its arena. The Swift
  /// runtime frees a few of the main thread's chunks on this thread as it
  /// first uses generic types here; libyaml's first small strings took them
  /// from the cache, and its strings then grew and circulated in the main
  /// thread's arena for the whole parse: every `realloc` and `free` of the
  /// parser took the lock the decoder's every allocation takes (100k
  /// reviews: 30,000–38,000 context switches and 0.8 s of system time).
  /// Taking every cached chunk out and giving back chunks of this thread's
  /// own first leaves the others to go back to their own arenas. With any
  /// other allocator this is only some allocations and frees.
  ///
  /// Called by the producer threads themselves, and by other threads that
  /// run a parser (``ProducerThread`` runs it before its first two batches).
  public static func releaseForeignCachedChunks() {
    // The cache's sizes: requests of 24 to 1,032 bytes, one class every 16.
    let perClass = 7
    var taken: [UnsafeMutableRawPointer] = []
    var own: [UnsafeMutableRawPointer] = []
    taken.reserveCapacity(perClass * 64)
    own.reserveCapacity(perClass * 64)
    for size in stride(from: 24, through: 1032, by: 16) {
      // The first take what the cache holds; the next are made anew here.
      for _ in 0..<perClass { if let chunk = malloc(size) { taken.append(chunk) } }
      for _ in 0..<perClass { if let chunk = malloc(size) { own.append(chunk) } }
    }
    // This thread's own fill the cache again; the others overflow it and go home.
    for chunk in own.reversed() { free(chunk) }
    for chunk in taken { free(chunk) }
  }
}

import Foundation
import ReviewCatalog

/// Writes a splittable format's reviews in chunks, side by side on the
/// machine's cores, and joins the chunks in order: byte for byte what the
/// format writes one review after the other.
///
/// The head (the catalog's info, its people and works) is written as usual;
/// each chunk of ``chunkSize`` reviews is written by a writer of its own
/// into memory, on a worker thread; the lane's thread appends the chunks to
/// the output as they complete, in order, swapping what comes before a
/// chunk's first review for what comes between two (``ReviewFraming``),
/// then writes the tail. At most ``chunksAhead`` chunks are in flight.
/// Formats that join people and works into reviews are written as usual.
struct ChunkedExporter: StreamingExporter {
  /// Reviews per chunk.
  static let chunkSize = 256
  /// Chunks written ahead of the one being appended.
  static let chunksAhead = 2

  /// The format.
  let exporter: any SplittableExporter
  /// Reviews per chunk.
  var chunkSize = Self.chunkSize

  var format: FormatDescriptor { exporter.format }

  func begin(_ catalog: Catalog, to output: ExportDestination) throws -> any CatalogWriter {
    let writer = try exporter.beginSplittable(catalog, to: output)
    guard !exporter.joinsPeopleAndWorks(with: output.options) else { return writer }
    return ChunkedWriter(
      exporter: exporter, header: catalog, output: output, head: writer,
      framing: try ReviewFraming(of: exporter, options: output.options, header: catalog), chunkSize: chunkSize)
  }
}

/// The lane's side of a chunked export.
struct ChunkedWriter: CatalogWriter {
  let exporter: any SplittableExporter
  let header: Catalog
  let output: ExportDestination
  /// The writer of the head; dropped once the reviews start.
  var head: (any SplittableCatalogWriter)?
  let framing: ReviewFraming
  let chunkSize: Int
  var chunk: [Review] = []
  var pending: [ReviewChunk] = []
  var reviews = 0
  var appended = 0

  init(
    exporter: any SplittableExporter, header: Catalog, output: ExportDestination, head: any SplittableCatalogWriter,
    framing: ReviewFraming, chunkSize: Int
  ) {
    self.exporter = exporter
    self.header = header
    self.output = output
    self.head = head
    self.framing = framing
    self.chunkSize = chunkSize
    chunk.reserveCapacity(chunkSize)
  }

  mutating func write(_ person: Person) throws { try head?.write(person) }
  mutating func write(_ work: Work) throws { try head?.write(work) }

  mutating func write(_ review: Review) throws {
    if reviews == 0, var writer = head {
      try writer.startReviews()
      try writer.flush()
      head = writer
    }
    reviews += 1
    chunk.append(review)
    if chunk.count == chunkSize { try dispatch() }
  }

  mutating func finish() throws {
    guard reviews > 0 else {
      try head?.finish()
      return
    }
    if !chunk.isEmpty { try dispatch() }
    while !pending.isEmpty { try appendOldest() }
    // The head's writer saw no review, so its own ending would be an empty list's.
    head = nil
    for (sink, file) in zip(output.fileSinks, framing.files) { try sink.write(file.tail) }
  }

  /// Starts writing the chunk on a worker thread.
  private mutating func dispatch() throws {
    let job = ReviewChunk(reviews: chunk, firstPlace: reviews - chunk.count)
    chunk = []
    chunk.reserveCapacity(chunkSize)
    let exporter = self.exporter
    let header = self.header
    let options = output.options
    DispatchQueue.global().async { job.write(exporter, header: header, options: options) }
    pending.append(job)
    while pending.count > ChunkedExporter.chunksAhead { try appendOldest() }
  }

  /// Waits for the oldest chunk and appends it to the output.
  private mutating func appendOldest() throws {
    let job = pending.removeFirst()
    let files = try job.result()
    let sinks = output.fileSinks
    guard files.count == sinks.count else {
      throw ExportError("\(exporter.format.name) made a file after its first review, so its reviews cannot be written apart")
    }
    for index in files.indices where !files[index].isEmpty {
      var bytes = files[index][...]
      if appended > 0 {
        let framing = framing.files[index]
        guard bytes.starts(with: framing.beforeFirst) else {
          throw ExportError("\(exporter.format.name) wrote a run of reviews unlike its first review; its reviews cannot be written apart")
        }
        bytes = bytes.dropFirst(framing.beforeFirst.count)
        try sinks[index].write(framing.beforeOthers)
      }
      try sinks[index].write(bytes)
    }
    output.add(countsOf: job.output)
    appended += job.reviews.count
  }
}

/// One chunk of reviews, written into memory on a worker thread.
final class ReviewChunk: @unchecked Sendable {
  let reviews: [Review]
  /// The first review's index in the catalog.
  let firstPlace: Int
  private let done = DispatchSemaphore(value: 0)
  private var files: [[UInt8]] = []
  private var error: (any Error)?
  /// Where the chunk was written, for its notes.
  private(set) var output: ExportDestination?

  init(reviews: [Review], firstPlace: Int) {
    self.reviews = reviews
    self.firstPlace = firstPlace
  }

  /// Writes the chunk: a writer of its own, started as for a document, its
  /// bytes from the first review on.
  func write(_ exporter: any SplittableExporter, header: Catalog, options: ExportOptions) {
    defer { done.signal() }
    let memory = ExportDestination.inMemory(layout: exporter.format.layout, options: options)
    output = memory
    var index = 0
    do {
      var writer = try exporter.beginSplittable(header, to: memory)
      try writer.startReviews()
      try writer.flush()
      let start = memory.fileSizes
      while index < reviews.count {
        try writer.write(reviews[index])
        index += 1
      }
      try writer.flush()
      files = zip(memory.fileSinks, start).map { sink, offset in sink.bytes(from: offset) }
    } catch let thrown {
      error = index < reviews.count ? ExportError.relocating(thrown, of: reviews[index], counted: index, place: firstPlace + index) : thrown
    }
  }

  /// The chunk's bytes, file by file, once written.
  func result() throws -> [[UInt8]] {
    done.wait()
    if let error { throw error }
    return files
  }
}

extension ExportError {
  /// `error`, raised writing `review` apart from the reviews before it: a
  /// message that counts reviews from the run's start (`reviews[3].body`)
  /// counts from the catalog's instead (`reviews[1027].body`); another names
  /// the review.
  static func relocating(_ error: any Error, of review: Review, counted local: Int, place: Int) -> ExportError {
    let message = "\(error)"
    let counted = "reviews[\(local)]"
    return ExportError(
      message.hasPrefix(counted) ? "reviews[\(place)]" + message.dropFirst(counted.count) : "review '\(review.id)': " + message)
  }
}

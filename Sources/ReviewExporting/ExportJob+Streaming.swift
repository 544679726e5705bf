import Foundation
import ReviewCatalog

extension ExportJob {
  /// What an export came to.
  public struct Summary: Sendable {
    /// One result per output, in the order of the outputs.
    public var results: [Result]
    /// The catalog's id, title and description.
    public var info: CatalogInfo
    /// How many people the catalog has.
    public var personCount: Int
    /// How many works the catalog has.
    public var workCount: Int
    /// How many reviews it has.
    public var reviewCount: Int
  }

  /// How many parts go to the exporters at a time. 128, not 256: the same
  /// time at 100k reviews (medians of 9), and 2–3 MiB less at the peak,
  /// since the slowest exporter's waiting batches and the reader's retired
  /// ones hold that many parts each.
  static let batchSize = 128
  /// How many batches an exporter may have waiting before the reader waits for it.
  static let batchesAhead = 4

  /// Exports a catalog read part by part, holding none of its people, works
  /// or reviews beyond a few batches, whatever its size.
  ///
  /// Each part is validated as it is read and handed to every exporter; the
  /// validator and the exporters run concurrently, each on its own queue,
  /// while the next parts are read. Validation is complete: once a problem is
  /// found, writing stops but reading goes on to the end, and every problem
  /// is reported, located as ``CatalogLoader`` locates them. As with
  /// ``run(mode:)``, the outputs are committed together or not at all.
  ///
  /// - Parameters:
  ///   - stream: The catalog being read.
  ///   - outputs: What to write; every exporter must be a ``StreamingExporter``.
  ///     With none, the catalog is only validated.
  ///   - mode: Whether to write the outputs or only compare them.
  ///   - durable: Whether outputs reach the disk before they are committed
  ///     (see ``ExportJob/durable``).
  /// - Throws: `CatalogError` with every problem of an invalid catalog;
  ///   ``ExportError`` when an output cannot be written; ``StreamOrderError``
  ///   when the catalog's parts are out of order and it must be read whole.
  ///   Then nothing has been written or changed.
  static func stream(
    from stream: any CatalogStream, to outputs: [Request], mode: Mode = .write, durable: Bool = true
  ) throws -> Summary {
    let exporters = try outputs.map { output -> any StreamingExporter in
      guard let exporter = output.exporter as? any StreamingExporter else {
        throw ExportError("\(output.exporter.format.name) cannot export a catalog part by part")
      }
      return exporter
    }
    let prepared = try prepare(outputs, mode: mode)
    var lanes: [ExportLane] = []
    // Set when a lane fails: nothing will be written, so the others stop.
    let cancellation = ExportCancellation()
    do {
      for (output, exporter) in zip(outputs, exporters) {
        lanes.append(try ExportLane(output, exporter: exporter, mode: mode, durable: durable, cancellation: cancellation))
      }
    } catch let error as CheckError {
      for lane in lanes { lane.file.discard() }
      throw error
    } catch {
      for lane in lanes { lane.file.discard() }
      throw ExportError("\(outputs[lanes.count].exporter.format.name): \(error)")
    }
    func abandonAll() {
      for lane in lanes {
        lane.abandon()
        lane.wait()
        lane.file.discard()
      }
    }

    // The parts are validated on their own queue, beside the exporters, so
    // that reading is all the reading thread does.
    let header = stream.header
    let checker = ValidationLane(header: header)
    var writing = !checker.hasProblems && stream.problems.isEmpty
    if writing {
      for lane in lanes { lane.begin(header) }
    }
    var batch: [CatalogItem] = []
    batch.reserveCapacity(batchSize)
    var counts = (people: 0, works: 0, reviews: 0)
    // Batches the lanes may still be writing. The reading thread drops them
    // only once the lanes are (almost surely) through, so that the parts are
    // freed on the thread that allocated them: freeing them on another
    // thread makes the two fight over the allocator's lock.
    var retired: [[CatalogItem]] = []
    func dispatch() {
      checker.validate(batch, firstIndexes: counts)
      if writing && (checker.hasProblems || !stream.problems.isEmpty || cancellation.isCancelled) {
        // The outputs will not be kept (the catalog has a problem, or an
        // output failed); reading and validating go on, so that every
        // problem of the catalog is reported.
        writing = false
        for lane in lanes { lane.abandon() }
      }
      if writing {
        for lane in lanes { lane.write(batch) }
      }
      for item in batch {
        switch item {
        case .person: counts.people += 1
        case .work: counts.works += 1
        case .review: counts.reviews += 1
        }
      }
      retired.append(batch)
      if retired.count > batchesAhead + 2 { retired.removeFirst() }
      batch = []
      batch.reserveCapacity(batchSize)
      stream.releaseConsumedInput()
      let fraction = stream.fractionRead
      for output in outputs { output.progress?.setInputFraction(fraction) }
    }
    do {
      while let item = try stream.next() {
        batch.append(item)
        if batch.count == batchSize { dispatch() }
      }
    } catch let error as CatalogError {
      abandonAll()
      throw CatalogError(error.diagnostics.map { $0.inFile(stream.name) })
    } catch {
      abandonAll()
      throw error
    }
    if !batch.isEmpty { dispatch() }
    // Every part is validated before any exporter finishes: an exporter
    // finishes (renders a page from what it gathered, builds an index)
    // only a valid catalog. The parts it was handed meanwhile may be invalid.
    let ruleProblems = checker.finish()
    if writing && (!ruleProblems.isEmpty || !stream.problems.isEmpty) {
      writing = false
      for lane in lanes { lane.abandon() }
    }
    if writing {
      for lane in lanes { lane.finish() }
    }
    for lane in lanes { lane.wait() }

    if let failure = CatalogError.combining(
      structural: stream.problems, rules: ruleProblems, in: stream.name, locate: stream.locate)
    {
      for lane in lanes { lane.file.discard() }
      throw failure
    }
    if let failed = lanes.first(where: { $0.error != nil }) {
      for lane in lanes { lane.file.discard() }
      throw ExportError("\(failed.format): \(failed.error!); nothing was written")
    }
    let results = try commit(lanes.map { ($0.file, $0.result) }, mode: mode, durable: durable, prepared: prepared)
    return Summary(
      results: results, info: header.info, personCount: counts.people, workCount: counts.works, reviewCount: counts.reviews)
  }
}

extension ExportJob {
  /// Writes a streamed catalog in one format to standard output, part by part.
  ///
  /// The catalog is not validated here: validate it first with
  /// ``stream(from:to:mode:)`` and no outputs, then open it again for this,
  /// so that nothing is written for an invalid catalog and memory stays
  /// bounded. Should the second reading find a problem (the file changed in
  /// between), it stops there, with part of the output written.
  ///
  /// - Returns: The exporter's notes for the user.
  static func writeToStandardOutput(
    _ stream: any CatalogStream, exporter: any StreamingExporter, options: ExportOptions
  ) throws -> [String] {
    guard exporter.format.layout == .file else {
      throw ExportError("\(exporter.format.name) writes a folder of files, which cannot go to standard output; use --output")
    }
    let output = ExportDestination(sink: ByteSink(fileDescriptor: 1), options: options)
    do {
      var writer = try exporter.begin(stream.header, to: output)
      var count = 0
      while let item = try stream.next() {
        guard stream.problems.isEmpty else { break }
        try writer.write(item)
        count += 1
        if count % batchSize == 0 { stream.releaseConsumedInput() }
      }
      if let problem = stream.problems.first {
        throw ExportError("\(stream.name) changed while it was being written: \(problem)")
      }
      try writer.finish()
      try output.finish()
    } catch let error as CatalogError {
      throw CatalogError(error.diagnostics.map { $0.inFile(stream.name) })
    } catch let error as StreamOrderError {
      throw error
    } catch {
      throw ExportError("\(exporter.format.name): \(error)")
    }
    return output.warnings
  }
}

import Foundation
import ReviewCatalog

/// What an export reads.
public enum ExportSource {
  /// A catalog in memory; it must be valid (``CatalogLoader`` gives such).
  case catalog(Catalog)
  /// A catalog being read part by part (``CatalogLoader/openStream(path:formatName:)``),
  /// validated as it is read, held a few batches at a time.
  case stream(any CatalogStream)
}

extension ExportJob {
  /// Exports `source` to every output, or to none: the one way in to the
  /// export engine, for catalogs in memory and streamed alike.
  ///
  /// Each output is staged beside its destination and the outputs are
  /// committed together (see docs/cli.md, "How outputs are committed"). A
  /// streamed catalog is validated as it is read, completely: once a problem
  /// is found, writing stops but reading goes on, and every problem is
  /// reported. With no outputs, the catalog is only validated.
  ///
  /// - Parameters:
  ///   - source: The catalog.
  ///   - outputs: What to write; for a stream, every exporter must be a
  ///     ``StreamingExporter``.
  ///   - mode: ``Mode/write`` writes what changed; ``Mode/check`` writes
  ///     nothing and says in each result whether its output would change.
  ///   - durable: Whether outputs reach the disk (`fsync`) before they are committed.
  /// - Returns: One result per output, in order, and the catalog's size.
  /// - Throws: `CatalogError` with every problem of an invalid streamed
  ///   catalog; ``ExportError`` when an output cannot be written;
  ///   ``CheckError`` when `check` cannot compare an output;
  ///   ``StreamOrderError`` when a stream's parts are out of order and the
  ///   catalog must be read whole. Then nothing has been written or changed.
  public static func export(
    _ source: ExportSource, to outputs: [Request], mode: Mode = .write, durable: Bool = true
  ) throws -> Summary {
    let outputs = outputs.map(chunked)
    switch source {
    case .catalog(let catalog):
      let results = try ExportJob(catalog: catalog, outputs: outputs, durable: durable).run(mode: mode)
      return Summary(
        results: results, info: catalog.info, personCount: catalog.people.count, workCount: catalog.works.count,
        reviewCount: catalog.reviews.count)
    case .stream(let stream):
      return try self.stream(from: stream, to: outputs, mode: mode, durable: durable)
    }
  }

  /// `request`, its format's reviews written in chunks side by side
  /// (``ChunkedExporter``) when that pays for the format
  /// (``SplittableExporter/writesFasterInChunks``) and the machine has more
  /// than one core: the same bytes, sooner. `REVIEW_EXPORT_THREADS=1` in the
  /// environment writes each format on one thread.
  static func chunked(_ request: Request) -> Request {
    guard writesInChunks, let splittable = request.exporter as? any SplittableExporter, splittable.writesFasterInChunks else {
      return request
    }
    var chunked = request
    chunked.exporter = ChunkedExporter(exporter: splittable)
    return chunked
  }

  /// Whether an exporter may write on more than one thread (formats in
  /// chunks, a template's long lists), and a reader parse on more than one
  /// (YAML in chunks): more than one core, and no `REVIEW_EXPORT_THREADS=1`
  /// in the environment.
  public static let writesInChunks: Bool = {
    if let threads = ProcessInfo.processInfo.environment["REVIEW_EXPORT_THREADS"].flatMap(Int.init) { return threads > 1 }
    return ProcessInfo.processInfo.activeProcessorCount > 1
  }()

  /// Writes `source` in one format to standard output.
  ///
  /// A streamed catalog is not validated here: validate it first with
  /// ``export(_:to:mode:durable:)`` and no outputs, then open it again for
  /// this, so that nothing is written for an invalid catalog and memory
  /// stays bounded.
  ///
  /// - Returns: The exporter's notes for the user.
  public static func writeToStandardOutput(_ source: ExportSource, exporter: any Exporter, options: ExportOptions) throws -> [String] {
    switch source {
    case .catalog(let catalog):
      return try writeToStandardOutput(catalog, exporter: exporter, options: options)
    case .stream(let stream):
      guard let streaming = exporter as? any StreamingExporter else {
        throw ExportError("\(exporter.format.name) cannot export a catalog part by part")
      }
      return try writeToStandardOutput(stream, exporter: streaming, options: options)
    }
  }
}

extension ExportJob {
  /// Writes several outputs at once through `body`, which gets each
  /// request's output in order, and commits them together as every export
  /// does: all or none, each atomically, an unchanged one left as it is.
  static func writeTogether(
    _ requests: [Request], mode: Mode = .write, durable: Bool = true, body: ([ExportDestination]) throws -> Void
  ) throws -> [Result] {
    let prepared = try prepare(requests, mode: mode)
    let start = Date()
    var staged: [StagedOutput] = []
    var outputs: [ExportDestination] = []
    do {
      for request in requests {
        let file = try StagedOutput.make(for: request, mode: mode)
        staged.append(file)
        outputs.append(file.makeOutput(options: request.options, durable: durable))
      }
      try body(outputs)
      for (file, output) in zip(staged, outputs) { try file.finish(output, durable: durable) }
    } catch {
      for file in staged { file.discard() }
      throw error
    }
    let seconds = Date().timeIntervalSince(start)
    let written = zip(requests, zip(staged, outputs)).map { request, pair in
      (
        pair.0,
        Result(
          format: request.exporter.format.name, destination: request.destination, byteCount: pair.1.bytesWritten,
          warnings: pair.1.warnings, seconds: seconds, changed: true)
      )
    }
    return try commit(written, mode: mode, durable: durable, prepared: prepared)
  }
}

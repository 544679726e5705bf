import Foundation
import ReviewCatalog

/// The export engine: exports one catalog to several formats and commits the
/// outputs together. ``export(_:to:mode:durable:)`` is its one entry point,
/// for a catalog in memory or one read part by part.
///
/// Every output is written to a temporary file beside its destination. Only
/// when every exporter has succeeded are they renamed into place, each
/// atomically; if any fails, every temporary file is removed and every
/// existing output is left untouched. Exporters run concurrently.
public struct ExportJob: Sendable {
  /// What one output of a job is asked to be: an exporter, its options and
  /// where the file goes.
  public struct Request: Sendable {
    /// The exporter that writes it.
    public var exporter: any Exporter
    /// The checked options.
    public var options: ExportOptions
    /// The path of the file (or, for a folder format, the folder) to write.
    public var destination: String
    /// Where the exporter reports its progress, if anyone watches.
    public var progress: ExportProgress?

    /// Creates the request of one output.
    public init(exporter: any Exporter, options: ExportOptions, destination: String, progress: ExportProgress? = nil) {
      self.exporter = exporter
      self.options = options
      self.destination = destination
      self.progress = progress
    }
  }

  /// The former name of ``Request``.
  @available(*, deprecated, renamed: "Request")
  public typealias Output = Request

  /// What a run does with outputs that differ from the files already there.
  public enum Mode: Sendable {
    /// Write them. Outputs identical to the existing files are not written,
    /// so those files, and their timestamps, stay as they are.
    case write
    /// Write nothing; only report which outputs would change.
    case check
  }

  /// What one output came to.
  public struct Result: Sendable {
    /// The format's name.
    public var format: String
    /// The file written.
    public var destination: String
    /// Its size in bytes.
    public var byteCount: Int
    /// The exporter's notes for the user.
    public var warnings: [String]
    /// How long the export took, in seconds.
    public var seconds: Double
    /// Whether the output differs from the file already there (or there was none).
    public var changed: Bool
  }

  /// Why `--check` could not compare an output: its destination exists but
  /// cannot be read. Not the same as "would change".
  public struct CheckError: Error, Sendable, CustomStringConvertible {
    /// What could not be read, and why.
    public var message: String
    /// Creates an error with its message.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
  }

  /// The catalog to export; it must be valid.
  var catalog: Catalog
  /// The outputs to write.
  var outputs: [Request]
  /// Whether outputs are made durable before they are committed (`fsync`
  /// on each file, then on its folder), so that a power cut leaves the old
  /// outputs or the new ones, never empty files. On by default.
  var durable: Bool

  /// Creates a job; ``export(_:to:mode:durable:)`` is the way in.
  init(catalog: Catalog, outputs: [Request], durable: Bool = true) {
    self.catalog = catalog
    self.outputs = outputs
    self.durable = durable
  }

  /// Writes every output, or none.
  ///
  /// - Parameter mode: ``Mode/check`` writes nothing, not even a temporary
  ///   file, and only reports, in each result's `changed`, what would change.
  /// - Throws: ``ExportError`` naming the format that failed and why; then no
  ///   output has been written or changed. ``CheckError`` when `--check`
  ///   cannot read an existing output.
  func run(mode: Mode = .write) throws -> [Result] {
    let prepared = try Self.prepare(outputs, mode: mode)
    let slots = ResultSlots(count: outputs.count)
    let catalog = self.catalog
    let outputs = self.outputs
    let durable = self.durable
    // Once an output fails, the others stop (or do not start): nothing
    // will be written. The failure reported is the first, in the outputs'
    // order, that is an output's own and not the stop another's caused.
    let cancellation = ExportCancellation()
    DispatchQueue.concurrentPerform(iterations: outputs.count) { index in
      let result: Swift.Result<(StagedOutput, Result), Error>
      if cancellation.isCancelled {
        result = .failure(StoppedOutput())
      } else {
        result = Self.write(catalog, outputs[index], mode: mode, durable: durable, cancellation: cancellation)
      }
      if case .failure(let error) = result { cancellation.fail(with: error) }
      slots.set(index, result)
    }
    let written = slots.values
    if let firstFailure = cancellation.firstFailure {
      for case .success(let (file, _)) in written { file.discard() }
      var own: Error?
      for case .failure(let error) in written where own == nil && !(error is StoppedOutput) { own = error }
      throw own ?? firstFailure
    }
    return try Self.commit(written.map { try $0.get() }, mode: mode, durable: durable, prepared: prepared)
  }

  /// What ``prepare(_:mode:)`` did: the folders locked, and notes for the user.
  struct Prepared {
    var locks: [FolderLock]
    var notes: [String]
  }

  /// Refuses two outputs with the same destination; makes the folders the
  /// outputs go in, locks them, and finishes what killed exports left there.
  /// In ``Mode/check``, makes nothing and takes shared locks.
  static func prepare(_ outputs: [Request], mode: Mode) throws -> Prepared {
    var claimed: [String: String] = [:]
    for output in outputs {
      let key = URL(fileURLWithPath: output.destination).standardizedFileURL.path
      if let other = claimed[key] {
        throw ExportError(
          "formats \(other) and \(output.exporter.format.name) would both write \(output.destination); export them into different folders")
      }
      claimed[key] = output.exporter.format.name
    }
    let folders = Set(outputs.map { OutputCommit.folder(of: $0.destination) }).sorted()
    if mode == .write {
      for folder in folders where !folder.isEmpty { try makeFolder(folder) }
    }
    let locks = try FolderLock.lock(folders, shared: mode == .check)
    var notes: [String] = []
    if mode == .write {
      for folder in folders { notes += OutputCommit.recover(in: folder) }
    }
    return Prepared(locks: locks, notes: notes)
  }

  /// Makes a folder and those it is in, with an error that says which part is in the way.
  private static func makeFolder(_ folder: String) throws {
    var path = (folder as NSString).isAbsolutePath ? "/" : ""
    for component in (folder as NSString).pathComponents where component != "/" {
      path = path.isEmpty ? component : (path as NSString).appendingPathComponent(component)
      var info = stat()
      if stat(path, &info) == 0 {
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
          throw ExportError("cannot create the folder \(folder): \(path) is a file; choose another --output")
        }
        continue
      }
      if mkdir(path, 0o777) != 0 && errno != EEXIST {
        throw ExportError("cannot create the folder \(folder): \(path): \(String(cString: strerror(errno)))")
      }
    }
  }

  /// Compares every written output with its destination; in ``Mode/write``,
  /// commits those that changed together (``OutputCommit``), or none.
  static func commit(_ written: [(StagedOutput, Result)], mode: Mode, durable: Bool, prepared: Prepared) throws -> [Result] {
    var results: [Result] = []
    var changed: [StagedOutput] = []
    for (file, finished) in written {
      var result = finished
      result.changed = !file.matchesDestination()
      if results.isEmpty { result.warnings = prepared.notes + result.warnings }
      results.append(result)
      if mode == .write && result.changed {
        changed.append(file)
      } else {
        file.discard()
      }
    }
    do {
      try OutputCommit.commit(changed, durable: durable)
    } catch {
      for file in changed { file.discard() }
      throw error
    }
    withExtendedLifetime(prepared.locks) {}
    return results
  }

  /// Writes one output to standard output instead of a file.
  static func writeToStandardOutput(_ catalog: Catalog, exporter: any Exporter, options: ExportOptions) throws -> [String] {
    guard exporter.format.layout == .file else {
      throw ExportError("\(exporter.format.name) writes a folder of files, which cannot go to standard output; use --output")
    }
    let output = ExportDestination(sink: ByteSink(fileDescriptor: 1), options: options)
    do {
      try exporter.export(catalog, to: output)
      try output.finish()
    } catch {
      throw ExportError("\(exporter.format.name): \(error)")
    }
    return output.warnings
  }

  private static func write(
    _ catalog: Catalog, _ job: Request, mode: Mode, durable: Bool, cancellation: ExportCancellation
  ) -> Swift.Result<(StagedOutput, Result), Error> {
    let start = Date()
    let file: StagedOutput
    do {
      file = try StagedOutput.make(for: job, mode: mode)
    } catch let error as CheckError {
      return .failure(error)
    } catch {
      return .failure(ExportError("\(job.exporter.format.name): \(error)"))
    }
    let output = file.makeOutput(options: job.options, durable: durable)
    output.progress = job.progress
    output.cancellation = cancellation
    do {
      try job.exporter.export(catalog, to: output)
      try file.finish(output, durable: durable)
    } catch {
      file.discard()
      if output.sawCancellation { return .failure(StoppedOutput()) }
      return .failure(ExportError("\(job.exporter.format.name): \(error); nothing was written"))
    }
    let result = Result(
      format: job.exporter.format.name, destination: job.destination, byteCount: output.bytesWritten,
      warnings: output.warnings, seconds: Date().timeIntervalSince(start), changed: true)
    return .success((file, result))
  }
}

/// The failure of an output stopped, or not started, because another
/// output of the same export failed.
private struct StoppedOutput: Error {}

/// Results filled in by concurrent workers, one slot each.
private final class ResultSlots: @unchecked Sendable {
  private let lock = NSLock()
  private var slots: [Swift.Result<(StagedOutput, ExportJob.Result), Error>?]

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ value: Swift.Result<(StagedOutput, ExportJob.Result), Error>) {
    lock.lock()
    slots[index] = value
    lock.unlock()
  }

  var values: [Swift.Result<(StagedOutput, ExportJob.Result), Error>] {
    lock.lock()
    defer { lock.unlock() }
    return slots.map { $0! }
  }
}

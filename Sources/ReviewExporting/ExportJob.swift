import Foundation
import ReviewCatalog

/// Exports one catalog to several formats and commits the outputs together.
///
/// Every output is written to a temporary file beside its destination. Only
/// when every exporter has succeeded are they renamed into place, each
/// atomically; if any fails, every temporary file is removed and every
/// existing output is left untouched. Exporters run concurrently.
public struct ExportJob: Sendable {
  /// One output of a job: a format, its options and where the file goes.
  public struct Output: Sendable {
    /// The exporter that writes it.
    public var exporter: any Exporter
    /// The checked options.
    public var options: ExportOptions
    /// The path of the file (or, for a folder format, the folder) to write.
    public var destination: String
    /// Where the exporter reports its progress, if anyone watches.
    public var progress: ExportProgress?

    /// Creates an output.
    public init(exporter: any Exporter, options: ExportOptions, destination: String, progress: ExportProgress? = nil) {
      self.exporter = exporter
      self.options = options
      self.destination = destination
      self.progress = progress
    }
  }

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

  /// The catalog to export; it must be valid.
  public var catalog: Catalog
  /// The outputs to write.
  public var outputs: [Output]

  /// Creates a job.
  public init(catalog: Catalog, outputs: [Output]) {
    self.catalog = catalog
    self.outputs = outputs
  }

  /// Writes every output, or none.
  ///
  /// - Parameter mode: ``Mode/check`` writes nothing and only reports, in
  ///   each result's `changed`, what would change.
  /// - Throws: ``ExportError`` naming the format that failed and why; then no
  ///   output has been written or changed.
  public func run(mode: Mode = .write) throws -> [Result] {
    try Self.prepare(outputs)
    let slots = ResultSlots(count: outputs.count)
    let catalog = self.catalog
    let outputs = self.outputs
    DispatchQueue.concurrentPerform(iterations: outputs.count) { index in
      slots.set(index, Self.write(catalog, outputs[index]))
    }
    let written = slots.values
    var failure: Error?
    for case .failure(let error) in written where failure == nil { failure = error }
    if let failure {
      for case .success(let (file, _)) in written { file.discard() }
      throw failure
    }
    return try Self.commit(written.map { try $0.get() }, mode: mode)
  }

  /// Refuses two outputs with the same destination, and makes the folders the outputs go in.
  static func prepare(_ outputs: [Output]) throws {
    var claimed: [String: String] = [:]
    for output in outputs {
      let key = URL(fileURLWithPath: output.destination).standardizedFileURL.path
      if let other = claimed[key] {
        throw ExportError(
          "formats \(other) and \(output.exporter.format.name) would both write \(output.destination); export them into different folders")
      }
      claimed[key] = output.exporter.format.name
    }
    for output in outputs {
      let folder = (output.destination as NSString).deletingLastPathComponent
      if !folder.isEmpty {
        do {
          try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
          throw ExportError("cannot create the folder \(folder): \(error.localizedDescription)")
        }
      }
    }
  }

  /// Moves every written output into place (in ``Mode/write``, those that
  /// changed), or, if one cannot be, removes the rest.
  static func commit(_ written: [(PendingOutput, Result)], mode: Mode) throws -> [Result] {
    var results: [Result] = []
    var committed: [PendingOutput] = []
    for (file, finished) in written {
      var result = finished
      result.changed = !file.matchesDestination()
      results.append(result)
      guard mode == .write && result.changed else {
        file.discard()
        committed.append(file)
        continue
      }
      do {
        try file.commit()
        committed.append(file)
      } catch {
        for (other, _) in written where !committed.contains(where: { $0 === other }) {
          other.discard()
        }
        throw error
      }
    }
    return results
  }

  /// Writes one output to standard output instead of a file.
  public static func writeToStandardOutput(_ catalog: Catalog, exporter: any Exporter, options: ExportOptions) throws -> [String] {
    guard exporter.format.layout == .file else {
      throw ExportError("\(exporter.format.name) writes a folder of files, which cannot go to standard output; use --output")
    }
    let output = ExportOutput(sink: ByteSink(fileDescriptor: 1), options: options)
    do {
      try exporter.export(catalog, to: output)
      try output.finish()
    } catch {
      throw ExportError("\(exporter.format.name): \(error)")
    }
    return output.warnings
  }

  private static func write(_ catalog: Catalog, _ job: Output) -> Swift.Result<(PendingOutput, Result), Error> {
    let start = Date()
    let file: PendingOutput
    do {
      file = try PendingOutput(destination: job.destination, layout: job.exporter.format.layout)
    } catch {
      return .failure(ExportError("\(job.exporter.format.name): \(error)"))
    }
    let output = file.makeOutput(options: job.options)
    output.progress = job.progress
    do {
      try job.exporter.export(catalog, to: output)
      try output.finish()
    } catch {
      file.discard()
      return .failure(ExportError("\(job.exporter.format.name): \(error); nothing was written"))
    }
    let result = Result(
      format: job.exporter.format.name, destination: job.destination, byteCount: output.bytesWritten,
      warnings: output.warnings, seconds: Date().timeIntervalSince(start), changed: true)
    return .success((file, result))
  }
}

/// Results filled in by concurrent workers, one slot each.
private final class ResultSlots: @unchecked Sendable {
  private let lock = NSLock()
  private var slots: [Swift.Result<(PendingOutput, ExportJob.Result), Error>?]

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ value: Swift.Result<(PendingOutput, ExportJob.Result), Error>) {
    lock.lock()
    slots[index] = value
    lock.unlock()
  }

  var values: [Swift.Result<(PendingOutput, ExportJob.Result), Error>] {
    lock.lock()
    defer { lock.unlock() }
    return slots.map { $0! }
  }
}

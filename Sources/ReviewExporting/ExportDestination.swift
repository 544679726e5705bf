import Foundation
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where one exporter writes one output, with the options the user chose.
///
/// A file format writes to ``sink``; a folder format (``OutputLayout/directory``)
/// asks for one sink per file with ``member(named:)``. The export job commits
/// what was written only when the exporter returns without error.
public final class ExportDestination {
  private let fileSink: ByteSink?
  private let directory: String?
  private let isDirectory: Bool
  /// Whether the members only compare with the files already in `directory`.
  private let compares: Bool
  /// The checked options for this export, defaults filled in.
  public let options: ExportOptions
  /// The notes the exporter left for the user, shown on standard error
  /// unless `--quiet`: each ``warn(_:)``, then each ``count(_:of:note:)``'s total.
  public var warnings: [String] { notes + counts.map { $0.note($0.total) } }
  private var notes: [String] = []
  /// Running totals, in the order their kinds first came.
  private var counts: [(kind: String, total: Int, note: @Sendable (Int) -> String)] = []
  /// The files of a folder output, in the order they were made.
  public private(set) var members: [(name: String, sink: ByteSink)] = []
  /// Where progress is reported, when someone is watching.
  public var progress: ExportProgress?
  /// Shared by the outputs of one export, to stop when one of them fails.
  var cancellation: ExportCancellation?

  /// Whether another output of the same export has failed, so that nothing
  /// this one writes will be kept. An exporter that runs long without
  /// writing (an external program) checks it now and then, and stops.
  public var isCancelled: Bool {
    let cancelled = cancellation?.isCancelled ?? false
    if cancelled { sawCancellation = true }
    return cancelled
  }
  /// Whether the exporter was told it was cancelled: its failure, if it
  /// fails, is another's doing and not the one to report.
  private(set) var sawCancellation = false
  /// The folder scratch files go in: the staged output's folder, so that
  /// they are on the output's disk and a killed export's leftovers are
  /// found and removed there; the system's temporary folder when unset.
  var scratchFolder: String?
  /// The scratch files and folders handed out and not yet removed (they
  /// are removed when the output ends).
  private(set) var scratchPaths: [String] = []
  /// Whether the files' writes are queued for the disk as they are written,
  /// for an output made durable when it finishes (see ``WriteBack``).
  var startsWriteBack = false {
    didSet { if startsWriteBack { for sink in fileSinks { sink.startsWriteBack() } } }
  }
  /// For an output inside another's folder: that output, and what this
  /// one's file names start with there.
  private let parent: (output: ExportDestination, prefix: String)?

  /// An output that is one file (or standard output, or memory) written through `sink`.
  public init(sink: ByteSink, options: ExportOptions = ExportOptions()) {
    self.fileSink = sink
    self.directory = nil
    self.isDirectory = false
    self.compares = false
    self.options = options
    self.parent = nil
  }

  /// An output that is a folder of files, written into `directory`, or kept
  /// in memory (``members``) when `directory` is `nil`.
  public init(directory: String?, options: ExportOptions = ExportOptions()) {
    self.fileSink = nil
    self.directory = directory
    self.isDirectory = true
    self.compares = false
    self.options = options
    self.parent = nil
  }

  /// A folder output that writes nothing and compares each file with the one
  /// of the same name in `existingDirectory`, for `--check`.
  init(comparingWithDirectory existingDirectory: String, options: ExportOptions) {
    self.fileSink = nil
    self.directory = existingDirectory
    self.isDirectory = true
    self.compares = true
    self.options = options
    self.parent = nil
  }

  /// An output written as files of `parent`'s folder: a file output is the
  /// file `prefix`, a folder output's file `name` is `prefix.name`. A shard's
  /// part keeps the format's reviews and head documents this way.
  init(within parent: ExportDestination, prefix: String, layout: OutputLayout, options: ExportOptions) throws {
    self.directory = nil
    self.isDirectory = layout == .directory
    self.compares = false
    self.options = options
    self.parent = (parent, prefix)
    self.fileSink = layout == .file ? try parent.member(named: prefix) : nil
  }

  /// An output kept in memory: one sink for a file layout, members for a folder.
  static func inMemory(layout: OutputLayout, options: ExportOptions) -> ExportDestination {
    layout == .file ? ExportDestination(sink: .memory(), options: options) : ExportDestination(directory: nil, options: options)
  }

  /// The sinks of the output's files, in the order they were made (the one
  /// sink of a file output).
  var fileSinks: [ByteSink] {
    if let fileSink { return [fileSink] }
    return members.map(\.sink)
  }

  /// The sizes of the output's files so far, in the order they were made
  /// (one size for a file output).
  var fileSizes: [Int] {
    if let fileSink { return [fileSink.bytesWritten] }
    return members.map(\.sink.bytesWritten)
  }

  /// The sink of a file output.
  public var sink: ByteSink {
    guard let fileSink else { preconditionFailure("a folder format writes through member(named:), not sink") }
    return fileSink
  }

  /// A new file named `name` in a folder output, and the sink to write it through.
  ///
  /// - Throws: ``ExportError`` for a name that is not a plain file name, one
  ///   already made, or a file that cannot be created.
  public func member(named name: String) throws -> ByteSink {
    precondition(isDirectory, "a file format writes through sink, not member(named:)")
    guard !name.isEmpty, !name.contains("/"), name != ".", name != "..", !members.contains(where: { $0.name == name }) else {
      throw ExportError("'\(name)' cannot name a file of this output")
    }
    let sink: ByteSink
    if let parent {
      sink = try parent.output.member(named: parent.prefix + "." + name)
    } else if compares, let directory {
      let fd = open(directory + "/" + name, O_RDONLY | O_CLOEXEC)
      sink = ByteSink(comparingWith: fd)
    } else if let directory {
      let fd = open(directory + "/" + name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
      guard fd >= 0 else { throw ExportError("cannot create \(name): \(String(cString: strerror(errno)))") }
      sink = ByteSink(fileDescriptor: fd, closesDescriptor: true)
      if startsWriteBack { sink.startsWriteBack() }
    } else {
      sink = .memory()
    }
    members.append((name, sink))
    return sink
  }

  /// A path for a scratch file or folder, for an exporter that needs a real
  /// file to work in (a database, a library's temporary files, a page's
  /// reviews until it is rendered). Nothing is created there; what the
  /// exporter makes at the path is removed when the output is finished or
  /// discarded, or released, whatever happens, and by the next export into
  /// the folder if this process is killed.
  public func makeScratchPath(named name: String) -> String {
    let folder = scratchFolder ?? NSTemporaryDirectory()
    let unique = "\(StagedOutput.temporaryMarker)\(getpid())-\(UInt32.random(in: 0...UInt32.max))-scratch-\(name)"
    let path = (folder as NSString).appendingPathComponent(unique)
    scratchPaths.append(path)
    Interruption.track(temporary: path)
    return path
  }

  // An output made by hand (`init(sink:)`, for a Swift caller's bytes) is
  // never finished by a job: what it handed out goes when it goes.
  deinit {
    removeScratch()
  }

  /// Removes every scratch file and folder this output handed out.
  func removeScratch() {
    for path in scratchPaths {
      OutputCommit.remove(path)
      Interruption.untrack(temporary: path)
    }
    scratchPaths = []
  }

  /// Reports that one more review has been written, for progress displays.
  /// Optional for exporters; cheap enough to call for every review.
  public func reviewWritten() {
    progress?.add(1)
  }

  /// Leaves a note for the user.
  public func warn(_ message: String) {
    notes.append(message)
  }

  /// Adds `count` to the running total of `kind` (characters replaced,
  /// texts cut), shown once as `note(total)` when the total is not zero.
  /// A writer that is flushed between reviews adds as it goes, so that
  /// outputs written in parts (chunks, shards) add up.
  public func count(_ count: Int, of kind: String, note: @escaping @Sendable (Int) -> String) {
    guard count != 0 else { return }
    if let index = counts.firstIndex(where: { $0.kind == kind }) {
      counts[index].total += count
    } else {
      counts.append((kind, count, note))
    }
  }

  /// Adds the notes and totals of `other`, an output written in part of this one's stead.
  func add(countsOf other: ExportDestination?) {
    guard let other else { return }
    notes += other.notes
    for (kind, total, note) in other.counts { count(total, of: kind, note: note) }
  }

  /// How many bytes were written, in every file of the output.
  public var bytesWritten: Int {
    (fileSink?.bytesWritten ?? 0) + members.reduce(0) { $0 + $1.sink.bytesWritten }
  }

  /// Flushes every sink and closes the files this output opened; with
  /// `synchronize`, first makes the files durable (`fsync`).
  func finish(synchronize: Bool = false) throws {
    defer { removeScratch() }
    if synchronize {
      try fileSink?.synchronize()
      for member in members { try member.sink.synchronize() }
    }
    try fileSink?.flush()
    for member in members { try member.sink.close() }
  }

  /// For a comparing output, once finished: whether it equals what is there.
  var matchesExisting: Bool {
    if let fileSink { return fileSink.matchesExisting }
    guard compares, let directory, let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
      return false
    }
    return names.sorted() == members.map(\.name).sorted() && members.allSatisfy { $0.sink.matchesExisting }
  }
}

/// The former name of ``ExportDestination``: what an exporter writes to.
@available(*, deprecated, renamed: "ExportDestination")
public typealias ExportOutput = ExportDestination

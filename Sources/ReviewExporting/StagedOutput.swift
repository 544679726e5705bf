import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An output being written: a temporary file or folder beside its
/// destination that becomes the destination only when the job commits (see
/// ``OutputCommit``), or, for `--check`, a comparison with the destination
/// that writes nothing at all.
///
/// The temporary lives in the destination's folder, so that moving it into
/// place is a rename within one file system. A file that replaces another
/// keeps the other's permissions; a new one gets the default ones (0666 or
/// 0777 less the umask).
final class StagedOutput {
  /// Where the output goes once committed.
  let destination: String
  /// Where it is written meanwhile; empty for a comparison.
  let temporaryPath: String
  /// Whether the output is a folder of files.
  let isDirectory: Bool
  /// Whether this output only compares with the destination (`--check`).
  let compares: Bool
  private var descriptor: Int32 = -1
  private var output: ExportDestination?

  /// The prefix of every temporary's name, so strays are recognisable: the
  /// process id follows it, then a dash.
  static let temporaryMarker = ".review-export-tmp-"

  /// Creates the temporary beside `destination`.
  init(destination: String, layout: OutputLayout) throws {
    self.destination = destination
    self.isDirectory = layout == .directory
    self.compares = false
    let url = URL(fileURLWithPath: destination)
    let folder = url.deletingLastPathComponent().path
    var attempt = 0
    while true {
      let name = "\(Self.temporaryMarker)\(getpid())-\(UInt32.random(in: 0...UInt32.max))-\(url.lastPathComponent)"
      let candidate = (folder as NSString).appendingPathComponent(name)
      let made: Bool
      if isDirectory {
        made = mkdir(candidate, 0o777) == 0
      } else {
        descriptor = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        made = descriptor >= 0
      }
      if made {
        temporaryPath = candidate
        Interruption.track(temporary: candidate)
        break
      }
      attempt += 1
      if errno != EEXIST || attempt > 8 {
        throw ExportError("cannot create a file in \(folder): \(String(cString: strerror(errno)))")
      }
    }
    var existing = stat()
    if stat(destination, &existing) == 0 {
      let existingIsDirectory = (existing.st_mode & S_IFMT) == S_IFDIR
      guard existingIsDirectory == isDirectory else {
        discard()
        throw ExportError("\(destination) exists and is \(existingIsDirectory ? "a folder" : "a file"); move it away or choose another --output")
      }
      if isDirectory {
        _ = chmod(temporaryPath, existing.st_mode & 0o7777)
      } else {
        _ = fchmod(descriptor, existing.st_mode & 0o7777)
      }
    }
  }

  /// Prepares to compare an output with `destination` without writing
  /// anything.
  ///
  /// - Throws: ``ExportJob/CheckError`` when the destination exists but
  ///   cannot be read, or is a file where a folder goes (or the reverse).
  init(comparingWith destination: String, layout: OutputLayout) throws {
    self.destination = destination
    self.isDirectory = layout == .directory
    self.compares = true
    self.temporaryPath = ""
    var existing = stat()
    guard stat(destination, &existing) == 0 else {
      guard errno == ENOENT || errno == ENOTDIR else {
        throw ExportJob.CheckError("cannot check \(destination): \(String(cString: strerror(errno)))")
      }
      return
    }
    let existingIsDirectory = (existing.st_mode & S_IFMT) == S_IFDIR
    guard existingIsDirectory == isDirectory else {
      throw ExportJob.CheckError("cannot check \(destination): it is \(existingIsDirectory ? "a folder" : "a file")")
    }
    if isDirectory {
      guard access(destination, R_OK | X_OK) == 0 else {
        throw ExportJob.CheckError("cannot check \(destination): \(String(cString: strerror(errno)))")
      }
    } else {
      descriptor = open(destination, O_RDONLY | O_CLOEXEC)
      guard descriptor >= 0 else {
        throw ExportJob.CheckError("cannot check \(destination): \(String(cString: strerror(errno)))")
      }
    }
  }

  /// The pending output of one of a job's outputs: staged, or for
  /// ``ExportJob/Mode/check`` only compared.
  static func make(for job: ExportJob.Request, mode: ExportJob.Mode) throws -> StagedOutput {
    switch mode {
    case .write: try StagedOutput(destination: job.destination, layout: job.exporter.format.layout)
    case .check: try StagedOutput(comparingWith: job.destination, layout: job.exporter.format.layout)
    }
  }

  /// The output an exporter writes into; when it will be made `durable`,
  /// its files' writes start as they are written (``WriteBack``).
  func makeOutput(options: ExportOptions, durable: Bool) -> ExportDestination {
    let made: ExportDestination
    switch (compares, isDirectory) {
    case (false, true): made = ExportDestination(directory: temporaryPath, options: options)
    case (false, false): made = ExportDestination(sink: ByteSink(fileDescriptor: descriptor), options: options)
    case (true, true): made = ExportDestination(comparingWithDirectory: destination, options: options)
    case (true, false):
      // The sink owns the descriptor from now on.
      made = ExportDestination(sink: ByteSink(comparingWith: descriptor), options: options)
      descriptor = -1
    }
    if !compares { made.scratchFolder = (temporaryPath as NSString).deletingLastPathComponent }
    if compares { made.scratchFolder = (destination as NSString).deletingLastPathComponent }
    if durable && !compares { made.startsWriteBack = true }
    output = made
    return made
  }

  /// Flushes what the exporter wrote and, when `durable`, makes it reach the
  /// disk (`fsync` on every file, then on a folder output's folder).
  func finish(_ output: ExportDestination, durable: Bool) throws {
    try output.finish(synchronize: durable && !compares)
    if durable && !compares && isDirectory { try Self.synchronizeFolder(temporaryPath) }
  }

  /// Whether the finished output has exactly the bytes of what is already at
  /// the destination (every file, for a folder).
  func matchesDestination() -> Bool {
    if compares { return output?.matchesExisting ?? false }
    closeDescriptor()
    guard isDirectory else { return Self.sameBytes(temporaryPath, destination) }
    let fileManager = FileManager.default
    guard let new = try? fileManager.contentsOfDirectory(atPath: temporaryPath).sorted(),
      let old = try? fileManager.contentsOfDirectory(atPath: destination).sorted(), new == old
    else { return false }
    return new.allSatisfy { Self.sameBytes(temporaryPath + "/" + $0, destination + "/" + $0) }
  }

  /// Compares two files a chunk at a time.
  private static func sameBytes(_ a: String, _ b: String) -> Bool {
    var x = stat()
    var y = stat()
    guard stat(a, &x) == 0, stat(b, &y) == 0, x.st_size == y.st_size else { return false }
    guard let first = FileHandle(forReadingAtPath: a), let second = FileHandle(forReadingAtPath: b) else { return false }
    defer {
      try? first.close()
      try? second.close()
    }
    while true {
      let x = (try? first.read(upToCount: 1 << 20)) ?? nil
      let y = (try? second.read(upToCount: 1 << 20)) ?? nil
      if x != y { return false }
      if x == nil || x!.isEmpty { return true }
    }
  }

  /// Closes the temporary's file, before it is moved into place.
  func close() {
    closeDescriptor()
  }

  /// Removes the temporary; the destination is left as it was.
  func discard() {
    closeDescriptor()
    output?.removeScratch()
    output = nil
    guard !compares else { return }
    OutputCommit.remove(temporaryPath)
    Interruption.untrack(temporary: temporaryPath)
  }

  /// Asks the system to make a folder's entries durable.
  static func synchronizeFolder(_ path: String) throws {
    let fd = open(path.isEmpty ? "." : path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return }
    defer { closeFile(fd) }
    if fsync(fd) != 0 && errno != EINVAL && errno != EROFS && errno != EBADF {
      throw ExportError("could not write \(path) to the disk (fsync): \(String(cString: strerror(errno)))")
    }
  }

  private func closeDescriptor() {
    if descriptor >= 0 {
      closeFile(descriptor)
      descriptor = -1
    }
  }

  deinit { closeDescriptor() }
}

/// `close(2)`, which the type's own `close()` hides.
func closeFile(_ fd: Int32) {
  _ = close(fd)
}

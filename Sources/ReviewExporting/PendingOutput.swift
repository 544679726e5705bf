import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An output being written: a temporary file or folder beside its
/// destination that becomes the destination only when committed.
///
/// The temporary lives in the destination's folder, so the final rename is
/// atomic for a file: readers see the old file or the new one, never a part.
/// A file that replaces another keeps the other's permissions; a new one gets
/// the default ones (0666 or 0777 less the umask). A folder output replaces an
/// existing folder by moving the old one aside, moving the new one in, and
/// then removing the old one.
final class PendingOutput {
  /// Where the output goes once committed.
  let destination: String
  /// Where it is written meanwhile.
  let temporaryPath: String
  private let isDirectory: Bool
  private var descriptor: Int32 = -1

  /// The prefix of every temporary's name, so strays are recognisable.
  static let temporaryMarker = ".review-export-tmp-"

  init(destination: String, layout: OutputLayout) throws {
    self.destination = destination
    self.isDirectory = layout == .directory
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

  /// The output an exporter writes into.
  func makeOutput(options: ExportOptions) -> ExportOutput {
    isDirectory
      ? ExportOutput(directory: temporaryPath, options: options)
      : ExportOutput(sink: ByteSink(fileDescriptor: descriptor), options: options)
  }

  /// Whether the finished output has exactly the bytes of what is already at
  /// the destination (every file, for a folder).
  func matchesDestination() -> Bool {
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

  /// Moves the finished output into place.
  func commit() throws {
    closeDescriptor()
    var aside: String?
    if isDirectory, FileManager.default.fileExists(atPath: destination) {
      let old = temporaryPath + "-old"
      guard rename(destination, old) == 0 else { throw failure("cannot replace") }
      aside = old
    }
    guard rename(temporaryPath, destination) == 0 else {
      let error = failure("cannot write")
      if let aside { _ = rename(aside, destination) }
      discard()
      throw error
    }
    if let aside { try? FileManager.default.removeItem(atPath: aside) }
    Interruption.untrack(temporary: temporaryPath)
  }

  /// Removes the temporary; the destination is left as it was.
  func discard() {
    closeDescriptor()
    if isDirectory {
      try? FileManager.default.removeItem(atPath: temporaryPath)
    } else {
      unlink(temporaryPath)
    }
    Interruption.untrack(temporary: temporaryPath)
  }

  private func failure(_ what: String) -> ExportError {
    ExportError("\(what) \(destination): \(String(cString: strerror(errno)))")
  }

  private func closeDescriptor() {
    if descriptor >= 0 {
      close(descriptor)
      descriptor = -1
    }
  }

  deinit { closeDescriptor() }
}

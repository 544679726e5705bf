import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An output being written: a temporary file beside its destination that
/// becomes the destination only when committed.
///
/// The temporary file lives in the destination's folder, so the final rename
/// is atomic: readers of the destination see the old file or the new one,
/// never a part. A file that replaces another keeps the other's permissions;
/// a new file gets the default ones (0666 less the umask).
final class PendingFile {
  /// Where the output goes once committed.
  let destination: String
  /// Where it is written meanwhile.
  let temporaryPath: String
  private var descriptor: Int32

  /// The prefix of every temporary file's name, so strays are recognisable.
  static let temporaryMarker = ".review-export-tmp-"

  init(destination: String) throws {
    self.destination = destination
    let url = URL(fileURLWithPath: destination)
    let folder = url.deletingLastPathComponent().path
    var attempt = 0
    while true {
      let name = "\(Self.temporaryMarker)\(getpid())-\(UInt32.random(in: 0...UInt32.max))-\(url.lastPathComponent)"
      let candidate = (folder as NSString).appendingPathComponent(name)
      let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
      if fd >= 0 {
        temporaryPath = candidate
        descriptor = fd
        break
      }
      attempt += 1
      if errno != EEXIST || attempt > 8 {
        throw ExportError("cannot create a file in \(folder): \(String(cString: strerror(errno)))")
      }
    }
    var existing = stat()
    if stat(destination, &existing) == 0 {
      _ = fchmod(descriptor, existing.st_mode & 0o7777)
    }
  }

  /// A sink that writes into the temporary file.
  func makeSink() -> ByteSink { ByteSink(fileDescriptor: descriptor) }

  /// Moves the finished file into place.
  func commit() throws {
    closeDescriptor()
    guard rename(temporaryPath, destination) == 0 else {
      let reason = String(cString: strerror(errno))
      discard()
      throw ExportError("cannot write \(destination): \(reason)")
    }
  }

  /// Removes the temporary file; the destination is left as it was.
  func discard() {
    closeDescriptor()
    unlink(temporaryPath)
  }

  private func closeDescriptor() {
    if descriptor >= 0 {
      close(descriptor)
      descriptor = -1
    }
  }

  deinit { closeDescriptor() }
}

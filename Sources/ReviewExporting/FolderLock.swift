import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A lock on an output folder (`flock` on the folder itself, so no lock file
/// is left behind), held from the first temporary to the end of the commit.
///
/// Two exports into one folder therefore run one after the other; `--check`
/// takes a shared lock, so that it never compares with a half-committed set.
/// The system releases the lock when its process ends, however it ends.
final class FolderLock {
  private let descriptor: Int32

  private init(descriptor: Int32) {
    self.descriptor = descriptor
  }

  deinit { closeFile(descriptor) }

  /// Locks `folder`, waiting (with a note on standard error) while another
  /// export holds it. Returns `nil` for a folder that does not exist.
  static func lock(_ folder: String, shared: Bool) throws -> FolderLock? {
    let path = folder.isEmpty ? "." : folder
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_DIRECTORY)
    guard fd >= 0 else {
      if errno == ENOENT { return nil }
      throw ExportError("cannot open the folder \(path): \(String(cString: strerror(errno)))")
    }
    let kind = shared ? LOCK_SH : LOCK_EX
    if flock(fd, kind | LOCK_NB) != 0 {
      guard errno == EWOULDBLOCK else {
        // A file system without locks: go on unlocked, as git does on NFS.
        return FolderLock(descriptor: fd)
      }
      FileHandle.standardError.write(Data("review-export: waiting for another export into \(path) to finish…\n".utf8))
      while flock(fd, kind) != 0 {
        guard errno == EINTR else { break }
      }
    }
    return FolderLock(descriptor: fd)
  }

  /// Locks every folder in a fixed order, so that two jobs never wait for each other.
  static func lock(_ folders: [String], shared: Bool) throws -> [FolderLock] {
    try Array(Set(folders)).sorted().compactMap { try lock($0, shared: shared) }
  }
}

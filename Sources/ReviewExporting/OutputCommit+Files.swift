import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// The file operations the commit and its recovery are made of.

extension OutputCommit {
  /// Removes a file or a folder with everything in it.
  static func remove(_ path: String) {
    guard !path.isEmpty else { return }
    var info = stat()
    guard lstat(path, &info) == 0 else { return }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      try? FileManager.default.removeItem(atPath: path)
    } else {
      unlink(path)
    }
  }

  /// The folder a path is in ("" for the current one).
  static func folder(of path: String) -> String {
    (path as NSString).deletingLastPathComponent
  }

  /// The process id in a name such as `.review-export-tmp-1234-…`.
  static func processID(in name: String, after marker: String) -> Int32? {
    Int32(name.dropFirst(marker.count).prefix(while: { $0 != "-" }))
  }

  /// Whether a process with that id is running (or exists, as another user's).
  static func isAlive(_ pid: Int32) -> Bool {
    pid == getpid() || kill(pid, 0) == 0 || errno == EPERM
  }

  /// Exchanges two paths atomically, where the system can.
  static func exchange(_ a: String, _ b: String) -> Bool {
    #if os(Linux)
      guard let renameat2 = linuxRenameat2 else { return false }
      return renameat2(AT_FDCWD, a, AT_FDCWD, b, 2 /* RENAME_EXCHANGE */) == 0
    #elseif canImport(Darwin)
      return renamex_np(a, b, UInt32(RENAME_SWAP)) == 0
    #else
      return false
    #endif
  }
}

#if os(Linux)
  /// glibc's `renameat2`, which Swift's Glibc module does not declare.
  private let linuxRenameat2: (@convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32)? = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return nil }
    return unsafeBitCast(
      symbol, to: (@convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32).self)
  }()
#endif

/// A file's identity: its device and inode, which a rename keeps.
struct FileIdentity: Codable, Equatable {
  var device: UInt64
  var inode: UInt64

  init?(path: String) {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    device = UInt64(info.st_dev)
    inode = UInt64(info.st_ino)
  }
}

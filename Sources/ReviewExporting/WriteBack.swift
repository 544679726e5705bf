#if canImport(Glibc)
  import Glibc
#endif

/// Starts the disk writes of a file's bytes while the rest is still being
/// written, so that the `fsync` that makes a durable output safe only waits
/// for the last stretch.
///
/// Without it the system keeps what an export writes in memory and writes it
/// out on its own schedule; an export of 300 MiB then spent 0.3–0.5 s at the
/// end in `fsync`, a quarter of the run, waiting for all of it. Each time
/// ``interval`` bytes more are in the file, Linux's `sync_file_range` with
/// `SYNC_FILE_RANGE_WRITE` queues them for the disk and returns at once:
/// nothing waits, the file is not made durable by it (that is still
/// `fsync`'s job, metadata included), and elsewhere it does nothing.
enum WriteBack {
  /// Bytes written between two starts.
  static let interval = 8 << 20

  private typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32

  /// glibc's `sync_file_range`, looked up at run time: Swift's Glibc module
  /// does not declare it (it is a GNU extension of `fcntl.h`).
  private static let syncFileRange: SyncFileRange? = {
    #if os(Linux)
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sync_file_range") else { return nil }
      return unsafeBitCast(symbol, to: SyncFileRange.self)
    #else
      return nil
    #endif
  }()

  /// Whether the system can start writes early; where it cannot, an output
  /// is made durable by `fsync` alone, as before.
  static var isAvailable: Bool { syncFileRange != nil }

  /// Queues the `count` bytes of `fd` from `offset` for the disk without
  /// waiting. A failure is ignored: the `fsync` that follows reports any
  /// error of the file's writes.
  static func start(_ fd: Int32, from offset: Int, count: Int) {
    // linux/fs.h: SYNC_FILE_RANGE_WRITE is 2.
    _ = syncFileRange?(fd, Int64(offset), Int64(count), 2)
  }
}

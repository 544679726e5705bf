#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file mapped into memory read-only, for readers that go through a large
/// file once: the pages already read can be handed back with
/// ``release(before:)``, so resident memory stays small however large the file.
public final class MappedFile: @unchecked Sendable {
  /// The file's bytes. Valid while the `MappedFile` lives.
  public let bytes: UnsafeBufferPointer<UInt8>
  private let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
  private var released = 0

  /// Maps the regular file at `path`; `nil` when it cannot be mapped (it is
  /// empty, not a regular file, or the system refuses), and the caller should
  /// read it instead.
  public init?(path: String) {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 else { return nil }
    let size = Int(info.st_size)
    guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else { return nil }
    _ = madvise(base, size, MADV_SEQUENTIAL)
    bytes = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: size)
  }

  deinit {
    munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress!), bytes.count)
  }

  /// Lets the system drop the pages wholly before `offset` from memory. They
  /// stay readable: reading them again brings them back from the file.
  public func release(before offset: Int) {
    let end = min(offset, bytes.count) / pageSize * pageSize
    guard end > released else { return }
    let base = UnsafeMutableRawPointer(mutating: bytes.baseAddress!)
    _ = madvise(base + released, end - released, MADV_DONTNEED)
    released = end
  }

  /// Marks everything as in use again, before a second pass from the start.
  public func rewind() {
    released = 0
  }
}

extension MappedFile {
  /// The bytes of a file, read straight into an array (no intermediate copy).
  ///
  /// - Throws: ``ExportError`` naming the file and the system's reason.
  public static func readAll(_ path: String) throws -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw ExportError("\(path): cannot be read: \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw ExportError("\(path): cannot be read: \(String(cString: strerror(errno)))") }
    let size = Int(info.st_size)
    var failure: Int32 = 0
    var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
      var offset = 0
      while offset < size {
        let got = read(fd, buffer.baseAddress! + offset, size - offset)
        if got < 0 && errno == EINTR { continue }
        if got <= 0 {
          failure = got < 0 ? errno : 0
          break
        }
        offset += got
      }
      initialized = offset
    }
    if failure != 0 { throw ExportError("\(path): cannot be read: \(String(cString: strerror(failure)))") }
    // A file that grew while being read: read the rest too.
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
      if got <= 0 { break }
      bytes += chunk[0..<got]
    }
    return bytes
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

private func systemWrite(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
  write(fd, pointer, count)
}

private func systemClose(_ fd: Int32) {
  _ = close(fd)
}

/// A buffered destination for an exporter's bytes: a file, standard output, or memory.
///
/// Exporters write small pieces; the sink gathers them into large writes.
/// A sink is used by one exporter on one thread at a time.
public final class ByteSink {
  @usableFromInline enum Target {
    case memory
    case fileDescriptor(Int32)
  }

  @usableFromInline let target: Target
  private let closesDescriptor: Bool
  @usableFromInline var buffer: UnsafeMutablePointer<UInt8>
  @usableFromInline var capacity: Int
  @usableFromInline var count = 0
  @usableFromInline var flushedCount = 0

  /// A sink that keeps everything in memory; read it with ``bytes``.
  public static func memory() -> ByteSink { ByteSink(target: .memory, capacity: 4096, closesDescriptor: false) }

  /// A sink that writes to an open file descriptor, which it does not close.
  public convenience init(fileDescriptor: Int32, bufferSize: Int = 1 << 16) {
    self.init(target: .fileDescriptor(fileDescriptor), capacity: max(bufferSize, 64), closesDescriptor: false)
  }

  /// A sink that writes to a file descriptor it owns and closes in ``close()``.
  convenience init(fileDescriptor: Int32, closesDescriptor: Bool) {
    self.init(target: .fileDescriptor(fileDescriptor), capacity: 1 << 16, closesDescriptor: closesDescriptor)
  }

  private init(target: Target, capacity: Int, closesDescriptor: Bool = false) {
    self.target = target
    self.capacity = capacity
    self.closesDescriptor = closesDescriptor
    self.buffer = .allocate(capacity: capacity)
  }

  deinit {
    if closesDescriptor, case .fileDescriptor(let fd) = target, !isClosed { systemClose(fd) }
    buffer.deallocate()
  }

  private var isClosed = false

  /// Flushes, then closes the file descriptor if the sink owns it.
  public func close() throws {
    guard !isClosed else { return }
    try flush()
    isClosed = true
    if closesDescriptor, case .fileDescriptor(let fd) = target { systemClose(fd) }
  }

  /// How many bytes have been written to the sink so far.
  public var bytesWritten: Int { flushedCount + count }

  /// Everything written, for a memory sink.
  public var bytes: [UInt8] {
    Array(UnsafeBufferPointer(start: buffer, count: count))
  }

  /// Writes one byte.
  @inlinable public func write(byte: UInt8) throws {
    if count == capacity { try makeRoom(1) }
    buffer[count] = byte
    count += 1
  }

  /// Writes raw bytes.
  @inlinable public func write(_ bytes: UnsafeRawBufferPointer) throws {
    guard bytes.count > 0 else { return }
    if capacity - count < bytes.count { try makeRoom(bytes.count) }
    if capacity - count < bytes.count {
      try writeThrough(bytes)
      return
    }
    UnsafeMutableRawPointer(buffer + count).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
    count += bytes.count
  }

  /// Writes bytes.
  @inlinable public func write(_ bytes: some Sequence<UInt8>) throws {
    let done: Void? = try bytes.withContiguousStorageIfAvailable { try write(UnsafeRawBufferPointer($0)) }
    if done == nil {
      for byte in bytes { try write(byte: byte) }
    }
  }

  /// Writes a string as UTF-8.
  @inlinable public func write(_ string: String) throws {
    var string = string
    try string.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
  }

  /// Sends what is buffered to the file; a memory sink keeps it.
  public func flush() throws {
    guard case .fileDescriptor(let fd) = target, count > 0 else { return }
    try Self.writeAll(fd, UnsafeRawBufferPointer(start: buffer, count: count))
    flushedCount += count
    count = 0
  }

  /// Frees room for `needed` bytes: flushes a file sink, grows a memory sink.
  @usableFromInline func makeRoom(_ needed: Int) throws {
    switch target {
    case .memory:
      var newCapacity = capacity * 2
      while newCapacity - count < needed { newCapacity *= 2 }
      let newBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
      newBuffer.update(from: buffer, count: count)
      buffer.deallocate()
      buffer = newBuffer
      capacity = newCapacity
    case .fileDescriptor:
      try flush()
    }
  }

  /// Writes a piece larger than the buffer straight to the file.
  @usableFromInline func writeThrough(_ bytes: UnsafeRawBufferPointer) throws {
    guard case .fileDescriptor(let fd) = target else { return }
    try flush()
    try Self.writeAll(fd, bytes)
    flushedCount += bytes.count
  }

  private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws {
    var offset = 0
    while offset < bytes.count {
      let written = systemWrite(fd, bytes.baseAddress! + offset, bytes.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        throw ExportError("could not write: \(String(cString: strerror(errno)))")
      }
      offset += written
    }
  }
}

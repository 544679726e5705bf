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

  /// The buffer's state. It lives behind a `let` pointer rather than in
  /// `var` properties: class properties get a dynamic exclusivity check on
  /// every access, and a sink is written a byte at a time.
  @usableFromInline struct State {
    @usableFromInline var buffer: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    @usableFromInline var count: Int
    @usableFromInline var flushedCount: Int
    @usableFromInline var isClosed: Bool
  }

  @usableFromInline let target: Target
  @usableFromInline let state: UnsafeMutablePointer<State>
  private let closesDescriptor: Bool

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

  private init(target: Target, capacity: Int, closesDescriptor: Bool) {
    self.target = target
    self.closesDescriptor = closesDescriptor
    state = .allocate(capacity: 1)
    state.initialize(to: State(buffer: .allocate(capacity: capacity), capacity: capacity, count: 0, flushedCount: 0, isClosed: false))
  }

  deinit {
    if closesDescriptor, case .fileDescriptor(let fd) = target, !state.pointee.isClosed { systemClose(fd) }
    state.pointee.buffer.deallocate()
    state.deinitialize(count: 1)
    state.deallocate()
  }

  /// Flushes, then closes the file descriptor if the sink owns it.
  public func close() throws {
    guard !state.pointee.isClosed else { return }
    try flush()
    state.pointee.isClosed = true
    if closesDescriptor, case .fileDescriptor(let fd) = target { systemClose(fd) }
  }

  /// How many bytes have been written to the sink so far.
  public var bytesWritten: Int { state.pointee.flushedCount + state.pointee.count }

  /// Everything written, for a memory sink.
  public var bytes: [UInt8] {
    Array(UnsafeBufferPointer(start: state.pointee.buffer, count: state.pointee.count))
  }

  /// Writes one byte.
  @inlinable public func write(byte: UInt8) throws {
    if state.pointee.count == state.pointee.capacity { try makeRoom(1) }
    state.pointee.buffer[state.pointee.count] = byte
    state.pointee.count += 1
  }

  /// Writes raw bytes.
  @inlinable public func write(_ bytes: UnsafeRawBufferPointer) throws {
    guard bytes.count > 0 else { return }
    if state.pointee.capacity - state.pointee.count < bytes.count { try makeRoom(bytes.count) }
    if state.pointee.capacity - state.pointee.count < bytes.count {
      try writeThrough(bytes)
      return
    }
    UnsafeMutableRawPointer(state.pointee.buffer + state.pointee.count).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
    state.pointee.count += bytes.count
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
    guard case .fileDescriptor(let fd) = target, state.pointee.count > 0 else { return }
    try Self.writeAll(fd, UnsafeRawBufferPointer(start: state.pointee.buffer, count: state.pointee.count))
    state.pointee.flushedCount += state.pointee.count
    state.pointee.count = 0
  }

  /// Frees room for `needed` bytes: flushes a file sink, grows a memory sink.
  @usableFromInline func makeRoom(_ needed: Int) throws {
    switch target {
    case .memory:
      var newCapacity = state.pointee.capacity * 2
      while newCapacity - state.pointee.count < needed { newCapacity *= 2 }
      let newBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
      newBuffer.update(from: state.pointee.buffer, count: state.pointee.count)
      state.pointee.buffer.deallocate()
      state.pointee.buffer = newBuffer
      state.pointee.capacity = newCapacity
    case .fileDescriptor:
      try flush()
    }
  }

  /// Writes a piece larger than the buffer straight to the file.
  @usableFromInline func writeThrough(_ bytes: UnsafeRawBufferPointer) throws {
    guard case .fileDescriptor(let fd) = target else { return }
    try flush()
    try Self.writeAll(fd, bytes)
    state.pointee.flushedCount += bytes.count
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

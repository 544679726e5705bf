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
    /// Compares what is written with an existing file (or with nothing, for
    /// -1) instead of writing it, for `--check`.
    case comparison(Int32)
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
    /// For a comparison: whether what was written so far differs from the file.
    @usableFromInline var differs: Bool
    /// For a file whose writes are started early (``startsWriteBack()``):
    /// where the bytes not yet queued for the disk begin; -1 otherwise.
    @usableFromInline var writeBackFrom: Int
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

  /// A sink that writes nothing and only compares what it is given with the
  /// file open for reading at `existingFile` (which it owns and closes), or
  /// with no file at all when that is -1. Read the outcome with ``matchesExisting``
  /// after ``close()``.
  convenience init(comparingWith existingFile: Int32) {
    self.init(target: .comparison(existingFile), capacity: 1 << 16, closesDescriptor: existingFile >= 0)
    if existingFile < 0 { state.pointee.differs = true }
  }

  /// For a sink made by ``init(comparingWith:)``, once closed: whether every
  /// byte written equals the existing file, which has no more bytes.
  var matchesExisting: Bool {
    guard case .comparison(let fd) = target, !state.pointee.differs, fd >= 0 else { return false }
    var info = stat()
    return fstat(fd, &info) == 0 && Int(info.st_size) == state.pointee.flushedCount
  }

  private init(target: Target, capacity: Int, closesDescriptor: Bool) {
    self.target = target
    self.closesDescriptor = closesDescriptor
    state = .allocate(capacity: 1)
    state.initialize(
      to: State(
        buffer: .allocate(capacity: capacity), capacity: capacity, count: 0, flushedCount: 0, isClosed: false, differs: false,
        writeBackFrom: -1))
  }

  deinit {
    if closesDescriptor, !state.pointee.isClosed, let fd = ownedDescriptor { systemClose(fd) }
    state.pointee.buffer.deallocate()
    state.deinitialize(count: 1)
    state.deallocate()
  }

  /// Flushes, then closes the file descriptor if the sink owns it.
  public func close() throws {
    guard !state.pointee.isClosed else { return }
    try flush()
    state.pointee.isClosed = true
    // A comparison keeps its file open until the sink goes: its size is read last.
    if closesDescriptor, case .fileDescriptor(let fd) = target { systemClose(fd) }
  }

  private var ownedDescriptor: Int32? {
    switch target {
    case .memory: nil
    case .fileDescriptor(let fd), .comparison(let fd): fd
    }
  }

  /// Writes what is buffered and asks the system to put it on the disk
  /// (`fsync`), so that the file survives a power cut once renamed into place.
  func synchronize() throws {
    try flush()
    guard case .fileDescriptor(let fd) = target else { return }
    if fsync(fd) != 0 && errno != EINVAL && errno != EROFS {
      throw ExportError("could not write to the disk (fsync): \(String(cString: strerror(errno)))")
    }
  }

  /// How many bytes have been written to the sink so far.
  public var bytesWritten: Int { state.pointee.flushedCount + state.pointee.count }

  /// Everything written, for a memory sink.
  public var bytes: [UInt8] { bytes(from: 0) }

  /// What was written from byte `offset` on, for a memory sink: one copy
  /// of that part only (`bytes[offset...]` copies all of it first).
  func bytes(from offset: Int) -> [UInt8] {
    let start = min(max(offset, 0), state.pointee.count)
    return Array(UnsafeBufferPointer(start: state.pointee.buffer + start, count: state.pointee.count - start))
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
    guard state.pointee.count > 0 else { return }
    switch target {
    case .memory:
      return
    case .fileDescriptor(let fd):
      try Self.writeAll(fd, UnsafeRawBufferPointer(start: state.pointee.buffer, count: state.pointee.count))
    case .comparison(let fd):
      compare(fd, UnsafeRawBufferPointer(start: state.pointee.buffer, count: state.pointee.count))
    }
    state.pointee.flushedCount += state.pointee.count
    state.pointee.count = 0
    startWriteBackIfDue()
  }

  /// Makes a file sink queue what it has written for the disk every
  /// ``WriteBack/interval`` bytes, for a file that will be made durable
  /// (``synchronize()``): its `fsync` then has little left to wait for.
  func startsWriteBack() {
    guard case .fileDescriptor = target, WriteBack.isAvailable, state.pointee.writeBackFrom < 0 else { return }
    state.pointee.writeBackFrom = state.pointee.flushedCount
  }

  /// For a sink that starts its writes early: how many of its bytes were
  /// queued for the disk so far; `nil` for any other sink.
  var writeBackStartedUpTo: Int? {
    state.pointee.writeBackFrom < 0 ? nil : state.pointee.writeBackFrom
  }

  private func startWriteBackIfDue() {
    let from = state.pointee.writeBackFrom
    guard from >= 0, state.pointee.flushedCount - from >= WriteBack.interval, case .fileDescriptor(let fd) = target else { return }
    WriteBack.start(fd, from: from, count: state.pointee.flushedCount - from)
    state.pointee.writeBackFrom = state.pointee.flushedCount
  }

  /// Compares `bytes` with the existing file at the current offset.
  private func compare(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) {
    guard !state.pointee.differs else { return }
    let existing = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
    defer { existing.deallocate() }
    var offset = 0
    while offset < bytes.count {
      let read = pread(fd, existing.baseAddress! + offset, bytes.count - offset, off_t(state.pointee.flushedCount + offset))
      if read < 0 && errno == EINTR { continue }
      guard read > 0 else { break }
      offset += read
    }
    if offset != bytes.count || memcmp(existing.baseAddress!, bytes.baseAddress!, bytes.count) != 0 {
      state.pointee.differs = true
    }
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
    case .fileDescriptor, .comparison:
      try flush()
    }
  }

  /// Writes a piece larger than the buffer straight to the file.
  @usableFromInline func writeThrough(_ bytes: UnsafeRawBufferPointer) throws {
    try flush()
    switch target {
    case .memory: return
    case .fileDescriptor(let fd): try Self.writeAll(fd, bytes)
    case .comparison(let fd): compare(fd, bytes)
    }
    state.pointee.flushedCount += bytes.count
    startWriteBackIfDue()
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

extension ByteSink {
  /// Writes the whole file at `path` into the sink, 1 MiB at a time: for
  /// exporters whose library writes a file of its own (a database, a
  /// workbook) in a scratch path (``ExportDestination/makeScratchPath(named:)``).
  public func write(contentsOfFile path: String) throws {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw ExportError("cannot read \(path): \(String(cString: strerror(errno)))") }
    defer { closeFile(fd) }
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    defer { buffer.deallocate() }
    while true {
      let count = read(fd, buffer.baseAddress, buffer.count)
      if count < 0 && errno == EINTR { continue }
      guard count >= 0 else { throw ExportError("cannot read \(path): \(String(cString: strerror(errno)))") }
      if count == 0 { return }
      try write(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
    }
  }
}

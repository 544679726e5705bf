import Foundation
import ReviewExporting

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs a program with arguments (never through a shell), feeding standard
/// input and draining standard output and standard error concurrently, so
/// that no pipe can fill up and block either side.
///
/// The program starts in a process group of its own, with no signal blocked
/// or ignored. When it outlives its timeout, or the tool is interrupted, the
/// whole group is stopped (SIGTERM, then SIGKILL after ``gracePeriod``), so
/// that a script's children go with it; and when the program ends, whatever
/// it started and left behind is stopped the same way. The pipes are never
/// waited on past that: a grandchild that escaped the group and still holds
/// them does not keep the export waiting.
struct ProgramRunner {
  /// How a run ended.
  struct Outcome {
    /// The exit status, or `nil` when the program was killed for its timeout.
    var status: Int32?
    /// Whether it died of a signal (a crash) rather than exiting.
    var signaled: Bool
    /// The first `stderrLimit` bytes of standard error.
    var stderr: String
    /// Whether standard error was longer than that.
    var stderrTruncated: Bool
    /// Whether standard output was longer than `outputLimit`, and cut there.
    var outputTruncated = false
    /// Whether the program was stopped because `isCancelled` said so.
    var cancelled = false
  }

  var executable: String
  var arguments: [String]
  var timeout: Double
  var stderrLimit = 16 * 1024
  /// The most bytes of standard output taken; a program that writes more is
  /// stopped at once (``Outcome/outputTruncated``).
  var outputLimit = Int.max
  /// How long a stopped group has after SIGTERM before SIGKILL.
  static let gracePeriod = 2.0

  /// Runs the program: `input` goes to its standard input, each chunk of its
  /// standard output to `output`. `isCancelled` is asked about every 50 ms
  /// while the program runs; when it says so, the program is stopped as
  /// for a timeout.
  func run(
    input: Data, isCancelled: () -> Bool = { false }, output: @escaping @Sendable (Data) throws -> Void
  ) throws -> Outcome {
    // A program that exits without reading all its input would otherwise kill
    // this process with SIGPIPE; with it ignored, the write fails with EPIPE.
    signal(SIGPIPE, SIG_IGN)
    var pipes: [[Int32]] = []
    defer { for pair in pipes { for fd in pair where fd >= 0 { close(fd) } } }
    for _ in 0..<3 {
      var fds: [Int32] = [-1, -1]
      guard pipe(&fds) == 0 else { throw ExportError("cannot start \(executable): \(String(cString: strerror(errno)))") }
      pipes.append(fds)
    }
    let (stdinRead, stdinWrite) = (pipes[0][0], pipes[0][1])
    let (stdoutRead, stdoutWrite) = (pipes[1][0], pipes[1][1])
    let (stderrRead, stderrWrite) = (pipes[2][0], pipes[2][1])
    for fd in [stdinWrite, stdoutRead, stderrRead] { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }

    let pid = try spawn(stdin: stdinRead, stdout: stdoutWrite, stderr: stderrWrite)
    Interruption.track(child: pid)
    defer { Interruption.untrack(child: pid) }
    // The child's ends belong to it now.
    for index in 0..<3 {
      let childEnd = index == 0 ? 0 : 1
      close(pipes[index][childEnd])
      pipes[index][childEnd] = -1
    }

    let finished = DispatchSemaphore(value: 0)
    let exitStatus = Box<Int32>(0)
    Thread.detachNewThread {
      var status: Int32 = 0
      while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
      exitStatus.value = status
      finished.signal()
    }

    let drained = DispatchGroup()
    let errors = Box<[UInt8]>([])
    let truncated = Box(false)
    let outputTruncated = Box(false)
    let outputError = Box<(any Error)?>(nil)
    let stopReading = Box(false)
    let inputFD = stdinWrite
    pipes[0][1] = -1
    _ = fcntl(inputFD, F_SETFL, fcntl(inputFD, F_GETFL) | O_NONBLOCK)
    DispatchQueue.global().async(group: drained) {
      // A program that exits without reading its input closes the pipe: EPIPE ends this.
      input.withUnsafeBytes { bytes in
        var offset = 0
        var poller = pollfd(fd: inputFD, events: Int16(POLLOUT), revents: 0)
        while offset < bytes.count && !stopReading.value {
          guard poll(&poller, 1, 100) > 0 else { continue }
          let written = write(inputFD, bytes.baseAddress! + offset, bytes.count - offset)
          if written < 0 && (errno == EINTR || errno == EAGAIN) { continue }
          if written <= 0 { break }
          offset += written
        }
      }
      close(inputFD)
    }
    let outputLimit = self.outputLimit
    let stderrLimit = self.stderrLimit
    DispatchQueue.global().async(group: drained) {
      var taken = 0
      Self.drain(stdoutRead, until: stopReading) { chunk in
        let room = outputLimit - taken
        let kept = chunk.count > room ? chunk.prefix(max(room, 0)) : chunk
        if chunk.count > room {
          if !outputTruncated.value { kill(-pid, SIGKILL) }
          outputTruncated.value = true
        }
        guard !kept.isEmpty else { return }
        taken += kept.count
        if outputError.value == nil {
          do { try output(kept) } catch { outputError.value = error }
        }
      }
    }
    DispatchQueue.global().async(group: drained) {
      Self.drain(stderrRead, until: stopReading) { chunk in
        let room = stderrLimit - errors.value.count
        if room > 0 { errors.value += chunk.prefix(room) }
        if chunk.count > room { truncated.value = true }
      }
    }

    var timedOut = false
    var cancelled = false
    let deadline = DispatchTime.now() + timeout
    while true {
      if finished.wait(timeout: min(deadline, .now() + 0.05)) == .success {
        // The program is done; anything it left running in its group goes too.
        Self.stopGroup(pid, leaderExited: nil)
        break
      }
      if DispatchTime.now() >= deadline {
        timedOut = true
      } else if isCancelled() {
        cancelled = true
      } else {
        continue
      }
      Self.stopGroup(pid, leaderExited: finished)
      break
    }
    // Read what is left in the pipes, but never wait for a process that
    // escaped the group and still holds them.
    if drained.wait(timeout: .now() + 1) == .timedOut {
      stopReading.value = true
      drained.wait()
    }
    if let error = outputError.value { throw error }
    let status = exitStatus.value
    let signaled = (status & 0x7F) != 0 && (status & 0x7F) != 0x7F
    return Outcome(
      status: timedOut || cancelled ? nil : (signaled ? status & 0x7F : (status >> 8) & 0xFF),
      signaled: signaled && !timedOut && !cancelled,
      stderr: String(decoding: errors.value, as: UTF8.self), stderrTruncated: truncated.value,
      outputTruncated: outputTruncated.value, cancelled: cancelled)
  }

  /// Starts the program in a process group of its own, its standard streams
  /// on the given descriptors, with no signal blocked and every signal at its default.
  private func spawn(stdin: Int32, stdout: Int32, stderr: Int32) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, stdin, 0)
    posix_spawn_file_actions_adddup2(&actions, stdout, 1)
    posix_spawn_file_actions_adddup2(&actions, stderr, 2)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    posix_spawnattr_setpgroup(&attributes, 0)
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigdefault(&attributes, &all)

    let argv = ([executable] + arguments).map { strdup($0) }
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let result = (argv + [nil]).withUnsafeBufferPointer { argvBuffer in
      posix_spawn(&pid, executable, &actions, &attributes, argvBuffer.baseAddress!, environ)
    }
    guard result == 0 else {
      throw ExportError("cannot start \(executable): \(String(cString: strerror(result)))")
    }
    return pid
  }

  /// Stops every process of the group `pid` leads: SIGTERM, then SIGKILL for
  /// whatever is left after the grace period. With `leaderExited`, waits for
  /// the leader itself to be reaped too.
  static func stopGroup(_ pid: pid_t, leaderExited: DispatchSemaphore?) {
    guard kill(-pid, SIGTERM) == 0 else {
      leaderExited?.wait()
      return
    }
    let deadline = Date().addingTimeInterval(gracePeriod)
    var leaderGone = leaderExited == nil
    while Date() < deadline {
      if !leaderGone, leaderExited!.wait(timeout: .now()) == .success { leaderGone = true }
      // ESRCH: no process is left in the group.
      if leaderGone && kill(-pid, 0) != 0 { return }
      usleep(10_000)
    }
    kill(-pid, SIGKILL)
    if !leaderGone { leaderExited!.wait() }
  }

  /// Reads `fd` until its end, handing each chunk to `body`; polls, so that
  /// it can give up when `stop` is set.
  private static func drain(_ fd: Int32, until stop: Box<Bool>, _ body: (Data) -> Void) {
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    while !stop.value {
      let ready = poll(&poller, 1, 100)
      if ready < 0 && errno != EINTR { break }
      guard ready > 0 else { continue }
      let got = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
      if got < 0 && (errno == EINTR || errno == EAGAIN) { continue }
      if got <= 0 { break }
      body(Data(buffer[0..<got]))
    }
  }
}

/// A value shared with worker threads; each is written by one thread and read
/// after that thread has finished.
final class Box<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: Value
  init(_ value: Value) { stored = value }
  var value: Value {
    get { lock.withLock { stored } }
    set { lock.withLock { stored = newValue } }
  }
}

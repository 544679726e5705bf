import Foundation
import ReviewExporting

/// Runs a program with arguments (never through a shell), feeding standard
/// input and draining standard output and standard error concurrently, so
/// that no pipe can fill up and block either side. Kills the program when it
/// outlives its timeout.
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
  }

  var executable: String
  var arguments: [String]
  var timeout: Double
  var stderrLimit = 16 * 1024

  /// Runs the program: `input` goes to its standard input, each chunk of its
  /// standard output to `output`.
  func run(input: Data, output: @escaping @Sendable (Data) throws -> Void) throws -> Outcome {
    // A program that exits without reading all its input would otherwise kill
    // this process with SIGPIPE; with it ignored, the write fails with EPIPE.
    signal(SIGPIPE, SIG_IGN)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr

    let finished = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in finished.signal() }
    // A child inherits the signal mask of the thread that starts it, and
    // worker threads block most signals: start it with none blocked, so that
    // it can be stopped.
    var unblocked = sigset_t()
    var previous = sigset_t()
    sigemptyset(&unblocked)
    pthread_sigmask(SIG_SETMASK, &unblocked, &previous)
    defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
    try process.run()
    let pid = process.processIdentifier
    Interruption.track(child: pid)
    defer { Interruption.untrack(child: pid) }

    let group = DispatchGroup()
    let errors = Box<[UInt8]>([])
    let truncated = Box(false)
    let outputError = Box<(any Error)?>(nil)
    DispatchQueue.global().async(group: group) {
      // A program that exits without reading its input closes the pipe: ignore EPIPE.
      let handle = stdin.fileHandleForWriting
      try? handle.write(contentsOf: input)
      try? handle.close()
    }
    DispatchQueue.global().async(group: group) {
      let handle = stdout.fileHandleForReading
      while let chunk = try? handle.read(upToCount: 1 << 16), !chunk.isEmpty {
        if outputError.value == nil {
          do { try output(chunk) } catch { outputError.value = error }
        }
      }
    }
    DispatchQueue.global().async(group: group) {
      let handle = stderr.fileHandleForReading
      while let chunk = try? handle.read(upToCount: 1 << 14), !chunk.isEmpty {
        let room = stderrLimit - errors.value.count
        if room > 0 { errors.value += chunk.prefix(room) }
        if chunk.count > room { truncated.value = true }
      }
    }

    var timedOut = false
    if finished.wait(timeout: .now() + timeout) == .timedOut {
      timedOut = true
      process.terminate()
      if finished.wait(timeout: .now() + 2) == .timedOut {
        kill(process.processIdentifier, SIGKILL)
        finished.wait()
      }
    }
    // The pipes close when the program (and anything it started that kept
    // them open) is gone; do not wait forever for a lingering grandchild.
    _ = group.wait(timeout: .now() + 5)
    if let error = outputError.value { throw error }
    let signaled = process.terminationReason == .uncaughtSignal
    return Outcome(
      status: timedOut ? nil : process.terminationStatus, signaled: signaled && !timedOut,
      stderr: String(decoding: errors.value, as: UTF8.self), stderrTruncated: truncated.value)
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

import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Cleans up when the process is interrupted (SIGINT, SIGTERM, SIGHUP):
/// removes every temporary output still being written and stops every child
/// program still running, then exits with the status shells use for a
/// process ended by that signal: 128 + its number (130 for SIGINT, 143 for SIGTERM).
/// Existing outputs are never touched: they are only ever replaced by rename.
///
/// While a job commits its outputs (``beginCommit()`` to ``endCommit()``), a
/// signal is held: the commit sees ``isPending``, rolls back to the old
/// outputs, and the process then exits as above, so that an interrupted
/// export never leaves a mix of old and new outputs.
///
/// SIGBUS, which the system sends when a mapped input file (see
/// ``MappedFile``) is cut short while it is read, is cleaned up after the
/// same way, with a message saying so.
public enum Interruption {
  private static let state = State()

  /// Installs the handlers; call once, early, from a tool's `main`.
  public static func install() {
    state.install()
  }

  /// Starts tracking a temporary file or folder, removed if the process is interrupted.
  public static func track(temporary path: String) { state.update { $0.temporaries.insert(path) } }
  /// Stops tracking a temporary (it was committed or removed).
  public static func untrack(temporary path: String) { state.update { $0.temporaries.remove(path) } }
  /// Holds SIGINT, SIGTERM and SIGHUP until ``endCommit()``: they are noted
  /// (``isPending``) but do not end the process meanwhile.
  public static func beginCommit() { state.update { $0.commits += 1 } }
  /// Whether a signal arrived while held; a commit then rolls back.
  public static var isPending: Bool { state.pendingSignal != nil }
  /// Marks a commit's point of no return, unless a signal has arrived:
  /// returns `false` then, and the commit must roll back.
  public static func passCommitPoint() -> Bool { state.passCommitPoint() }
  /// Ends what ``beginCommit()`` began. A signal that arrived meanwhile now
  /// ends the process (after the usual clean-up), from this thread. Once a
  /// commit has passed ``passCommitPoint()``, a signal that ends the process
  /// later is reported with a message saying those outputs were committed.
  public static func endCommit() { state.endCommit() }

  /// Starts tracking a child process, stopped if the process is interrupted:
  /// with the whole process group it leads, if it leads one (SIGTERM, then
  /// SIGKILL for what is left after two seconds).
  public static func track(child pid: Int32) { state.update { $0.children.insert(pid) } }
  /// Stops tracking a child process (it ended).
  public static func untrack(child pid: Int32) { state.update { $0.children.remove(pid) } }

  private final class State: @unchecked Sendable {
    struct Tracked {
      var temporaries: Set<String> = []
      var children: Set<Int32> = []
      /// How many commits are in progress; signals are held while any is.
      var commits = 0
      /// A signal held during a commit.
      var pending: Int32?
      /// Whether a commit has passed its point of no return.
      var pastCommitPoint = false
      /// How many commits this process has completed.
      var completedCommits = 0
    }

    private let lock = NSLock()
    private var tracked = Tracked()
    private var installed = false

    func update(_ change: (inout Tracked) -> Void) {
      lock.lock()
      change(&tracked)
      lock.unlock()
    }

    var pendingSignal: Int32? {
      lock.lock()
      defer { lock.unlock() }
      return tracked.pending
    }

    func passCommitPoint() -> Bool {
      lock.lock()
      defer { lock.unlock() }
      guard tracked.pending == nil else { return false }
      tracked.pastCommitPoint = true
      return true
    }

    func endCommit() {
      lock.lock()
      tracked.commits -= 1
      if tracked.pastCommitPoint { tracked.completedCommits += 1 }
      tracked.pastCommitPoint = false
      if tracked.commits == 0, let signalNumber = tracked.pending {
        exitCleaningUp(signalNumber)
      }
      lock.unlock()
    }

    func install() {
      lock.lock()
      defer { lock.unlock() }
      guard !installed else { return }
      installed = true
      // The self-pipe pattern: the handler only writes the signal's number to
      // a pipe (async-signal-safe); a thread reads it and cleans up, where it
      // may take locks and allocate. A caught signal, unlike an ignored one,
      // is reset to its default in child programs when they start.
      var fds: [Int32] = [0, 0]
      guard pipe(&fds) == 0 else { return }
      interruptionPipe = fds[1]
      for signalNumber in [SIGINT, SIGTERM, SIGHUP, SIGBUS] {
        var action = sigaction()
        #if canImport(Glibc)
          action.__sigaction_handler.sa_handler = writeSignalToPipe
        #else
          action.__sigaction_u.__sa_handler = writeSignalToPipe
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(signalNumber, &action, nil)
      }
      // A parent may have started us with these signals blocked (a blocked
      // mask is inherited); unblock them, for this thread and every thread
      // started from now on.
      var handled = sigset_t()
      sigemptyset(&handled)
      for signalNumber in [SIGINT, SIGTERM, SIGHUP, SIGBUS] { sigaddset(&handled, signalNumber) }
      pthread_sigmask(SIG_UNBLOCK, &handled, nil)
      let readEnd = fds[0]
      Thread.detachNewThread { [self] in
        while true {
          var number: UInt8 = 0
          while read(readEnd, &number, 1) != 1 {}
          self.interrupted(by: Int32(number))
        }
      }
    }

    /// Ends the process, or, during a commit, notes the signal for the commit.
    private func interrupted(by signalNumber: Int32) {
      lock.lock()
      if tracked.commits > 0 && signalNumber != SIGBUS {
        if tracked.pending == nil { tracked.pending = signalNumber }
        lock.unlock()
        return
      }
      exitCleaningUp(signalNumber)
    }

    /// Whether a process has exited and waits only to be reaped.
    private static func isZombie(_ pid: Int32) -> Bool {
      guard let status = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
      return status.split(separator: ")").last?.split(separator: " ").first == "Z"
    }

    /// Stops the children, removes the temporaries and exits; called with the lock held.
    private func exitCleaningUp(_ signalNumber: Int32) -> Never {
      let snapshot = tracked
      for pid in snapshot.children where kill(-pid, SIGTERM) != 0 { kill(pid, SIGTERM) }
      // Whatever ignores SIGTERM gets SIGKILL after a grace period.
      let deadline = Date().addingTimeInterval(2)
      while Date() < deadline && snapshot.children.contains(where: { kill(-$0, 0) == 0 || (kill($0, 0) == 0 && !Self.isZombie($0)) }) {
        usleep(20_000)
      }
      for pid in snapshot.children where kill(-pid, SIGKILL) != 0 { kill(pid, SIGKILL) }
      for path in snapshot.temporaries { try? FileManager.default.removeItem(atPath: path) }
      if signalNumber == SIGBUS {
        let message = "review-export: error: the input file was cut short while it was being read; nothing was written\n"
        _ = message.withCString { write(2, $0, strlen($0)) }
      }
      if snapshot.completedCommits > 0 {
        // What a commit completed stays: say so, rather than let the exit
        // status suggest that every output is as it was.
        let message =
          "review-export: interrupted after the outputs of \(snapshot.completedCommits) export\(snapshot.completedCommits == 1 ? " were" : "s were") committed; those are the new ones\n"
        _ = message.withCString { write(2, $0, strlen($0)) }
      }
      // Keep the lock: nothing may start a new temporary now.
      exit(128 + signalNumber)
    }
  }
}

/// The write end of the interruption pipe, set once before any handler is installed.
nonisolated(unsafe) private var interruptionPipe: Int32 = -1

private let writeSignalToPipe: @convention(c) (Int32) -> Void = { signalNumber in
  var number = UInt8(truncatingIfNeeded: signalNumber)
  _ = write(interruptionPipe, &number, 1)
  // A fault cannot be returned from: the faulting thread would fault again.
  // It waits here while the cleaning thread exits the process.
  if signalNumber == SIGBUS {
    while true { pause() }
  }
}

import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Faults injected into the commit by tests, in debug builds only:
/// `REVIEW_EXPORT_TEST_COMMIT_PAUSE_MS` pauses before each step (so that a
/// signal can be aimed inside the commit), `REVIEW_EXPORT_TEST_FAIL_COMMIT_STEP`
/// makes that step (from 0) fail as a busy mount point would.
struct CommitFaults: Sendable {
  var pauseMicroseconds: UInt32 = 0
  var failingStep: Int?

  static func fromEnvironment() -> CommitFaults {
    var faults = CommitFaults()
    #if DEBUG
      let environment = ProcessInfo.processInfo.environment
      if let pause = environment["REVIEW_EXPORT_TEST_COMMIT_PAUSE_MS"].flatMap(UInt32.init) {
        faults.pauseMicroseconds = pause * 1000
      }
      faults.failingStep = environment["REVIEW_EXPORT_TEST_FAIL_COMMIT_STEP"].flatMap(Int.init)
    #endif
    return faults
  }

  func pause() {
    if pauseMicroseconds > 0 { usleep(pauseMicroseconds) }
  }

  func check(step: Int, destination: String) throws {
    if step == failingStep {
      throw ExportError("cannot replace \(destination): \(String(cString: strerror(EBUSY))) (injected fault)")
    }
  }
}

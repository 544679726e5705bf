import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Moves a job's staged outputs into place together: all of them, or, when
/// anything goes wrong, none.
///
/// The protocol, for the outputs that changed:
/// 1. Every staged file is already on the disk (`fsync`, see
///    ``StagedOutput/finish(_:durable:)``).
/// 2. A journal (`.review-export-journal-<pid>-…`) listing every step is
///    written and made durable in the first output's folder.
/// 3. Signals are held (``Interruption/beginCommit()``). Each output is
///    swapped with its destination: an atomic exchange where the file system
///    has one (`renameat2(RENAME_EXCHANGE)` on Linux), else the old output is
///    kept aside under a temporary name and the new one renamed in.
/// 4. If a step fails, or a signal arrived, the steps done are undone in
///    reverse: the old outputs are back, the new ones removed.
/// 5. Otherwise the journal is marked committed, the folders are made
///    durable, and the old outputs are removed; then the journal.
///
/// A process killed in step 3 or 5 (SIGKILL, a crash, a power cut) leaves
/// its journal; the next export into that folder finds it (the process is
/// gone) and finishes the job: it rolls back to the old outputs if the
/// journal was not marked committed, and forward otherwise. Files are told
/// apart by their inode, so recovery knows how far the steps went.
struct OutputCommit {
  /// One output to move into place.
  struct Step: Codable {
    var destination: String
    var staged: String
    /// Where the old output is kept aside when the exchange is not available.
    var backup: String
    var existed: Bool
    var isDirectory: Bool
    var new: FileIdentity
    var old: FileIdentity?
  }

  /// What the journal holds.
  struct Journal: Codable {
    var pid: Int32
    var committed: Bool
    var steps: [Step]
  }

  /// How one step was done, for undoing it.
  enum Applied {
    /// Destination and staged output exchanged: the old one is at `staged`.
    case exchanged
    /// The old output moved to `backup`, the new one renamed in.
    case movedAside
    /// A file's old output linked to `backup`, the new one renamed over it.
    case linkedAside
    /// There was no old output; the new one renamed in.
    case created
  }

  /// The prefix of a journal's name; the process id follows, then a dash.
  static let journalMarker = ".review-export-journal-"

  /// Faults injected by tests (debug builds only), to test each step's rollback.
  static let faults = CommitFaults.fromEnvironment()

  /// Commits `outputs`, each finished and closed, together.
  ///
  /// - Throws: ``ExportError`` if a step fails; the old outputs are then back in place.
  static func commit(_ outputs: [StagedOutput], durable: Bool) throws {
    guard !outputs.isEmpty else { return }
    var steps: [Step] = []
    for output in outputs {
      output.close()
      guard let new = FileIdentity(path: output.temporaryPath) else {
        throw ExportError("cannot write \(output.destination): its temporary copy is gone")
      }
      let old = FileIdentity(path: output.destination)
      steps.append(
        Step(
          destination: output.destination, staged: output.temporaryPath, backup: output.temporaryPath + "-old",
          existed: old != nil, isDirectory: output.isDirectory, new: new, old: old))
    }
    let folders = Array(Set(outputs.map { Self.folder(of: $0.destination) })).sorted()
    let journalPath = (folders[0] as NSString).appendingPathComponent(
      "\(journalMarker)\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    Interruption.track(temporary: journalPath)
    defer { Interruption.untrack(temporary: journalPath) }
    try writeJournal(Journal(pid: getpid(), committed: false, steps: steps), to: journalPath, durable: durable)

    Interruption.beginCommit()
    defer { Interruption.endCommit() }
    var applied: [Applied] = []
    var failure: ExportError?
    for (index, step) in steps.enumerated() {
      faults.pause()
      if Interruption.isPending {
        failure = ExportError("interrupted")
        break
      }
      do {
        try faults.check(step: index, destination: step.destination)
        applied.append(try apply(step))
      } catch {
        failure = error as? ExportError ?? ExportError("\(error)")
        break
      }
    }
    faults.pause()
    if failure == nil && !Interruption.passCommitPoint() { failure = ExportError("interrupted") }
    if let failure {
      for (step, how) in zip(steps, applied).reversed() { undo(step, how) }
      for folder in folders { try? StagedOutput.synchronizeFolder(folder) }
      unlink(journalPath)
      throw failure
    }
    // The new outputs are in place: from here on, recovery rolls forward.
    try? writeJournal(Journal(pid: getpid(), committed: true, steps: steps), to: journalPath, durable: durable)
    if durable {
      for folder in folders { try? StagedOutput.synchronizeFolder(folder) }
    }
    for (step, how) in zip(steps, applied) { finish(step, how) }
    unlink(journalPath)
    for output in outputs { Interruption.untrack(temporary: output.temporaryPath) }
  }

  /// Moves one new output into place, keeping the old one for undoing.
  private static func apply(_ step: Step) throws -> Applied {
    func failure(_ what: String) -> ExportError {
      ExportError("\(what) \(step.destination): \(String(cString: strerror(errno)))")
    }
    guard step.existed else {
      guard rename(step.staged, step.destination) == 0 else { throw failure("cannot write") }
      return .created
    }
    if exchange(step.staged, step.destination) { return .exchanged }
    if !step.isDirectory && link(step.destination, step.backup) == 0 {
      guard rename(step.staged, step.destination) == 0 else {
        let error = failure("cannot replace")
        unlink(step.backup)
        throw error
      }
      return .linkedAside
    }
    guard rename(step.destination, step.backup) == 0 else { throw failure("cannot replace") }
    guard rename(step.staged, step.destination) == 0 else {
      let error = failure("cannot write")
      _ = rename(step.backup, step.destination)
      throw error
    }
    return .movedAside
  }

  /// Puts the old output back and the new one at its staged path.
  private static func undo(_ step: Step, _ how: Applied) {
    switch how {
    case .exchanged:
      _ = exchange(step.staged, step.destination)
    case .linkedAside:
      _ = rename(step.destination, step.staged)
      _ = rename(step.backup, step.destination)
    case .movedAside:
      _ = rename(step.destination, step.staged)
      _ = rename(step.backup, step.destination)
    case .created:
      _ = rename(step.destination, step.staged)
    }
  }

  /// Removes the old output of a step that was kept.
  private static func finish(_ step: Step, _ how: Applied) {
    switch how {
    case .exchanged: remove(step.staged)
    case .linkedAside, .movedAside: remove(step.backup)
    case .created: break
    }
  }

  /// Writes the journal under a temporary name, then renames it into place.
  private static func writeJournal(_ journal: Journal, to path: String, durable: Bool) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let data = (try? encoder.encode(journal)) ?? Data()
    let folder = Self.folder(of: path)
    let staged = (folder as NSString).appendingPathComponent(
      "\(StagedOutput.temporaryMarker)\(getpid())-\(UInt32.random(in: 0...UInt32.max))-journal")
    let fd = open(staged, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw ExportError("cannot write in \(folder): \(String(cString: strerror(errno)))") }
    let sink = ByteSink(fileDescriptor: fd, closesDescriptor: true)
    do {
      try sink.write(data)
      if durable { try sink.synchronize() }
      try sink.close()
    } catch {
      unlink(staged)
      throw error
    }
    guard rename(staged, path) == 0 else {
      let error = ExportError("cannot write in \(folder): \(String(cString: strerror(errno)))")
      unlink(staged)
      throw error
    }
    if durable { try StagedOutput.synchronizeFolder(folder) }
  }
}

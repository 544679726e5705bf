import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// Finishing the commits of exports that were killed (see ``OutputCommit``).

extension OutputCommit {
  /// Finishes the commits of export processes that are gone, and removes
  /// their temporaries, in `folder` (whose lock the caller holds).
  ///
  /// - Returns: What was done, one line each, for the user.
  @discardableResult
  static func recover(in folder: String) -> [String] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder) else { return [] }
    var notes: [String] = []
    for name in names.sorted() where name.hasPrefix(journalMarker) {
      guard let pid = processID(in: name, after: journalMarker), !isAlive(pid) else { continue }
      let path = (folder as NSString).appendingPathComponent(name)
      guard let data = FileManager.default.contents(atPath: path), let journal = try? JSONDecoder().decode(Journal.self, from: data)
      else {
        unlink(path)
        continue
      }
      if journal.committed {
        for step in journal.steps { rollForward(step) }
        notes.append("finished the export that process \(pid) had committed when it stopped")
      } else {
        for step in journal.steps.reversed() { rollBack(step) }
        notes.append("restored the outputs that process \(pid) was replacing when it stopped")
      }
      unlink(path)
    }
    // Only now: an old output kept aside may have been one of these.
    var removed = 0
    for name in names where name.hasPrefix(StagedOutput.temporaryMarker) {
      guard let pid = processID(in: name, after: StagedOutput.temporaryMarker), !isAlive(pid) else { continue }
      remove((folder as NSString).appendingPathComponent(name))
      removed += 1
    }
    if removed > 0 {
      notes.append("removed \(removed) temporary file\(removed == 1 ? "" : "s") left by an export that was killed")
    }
    if !notes.isEmpty { try? StagedOutput.synchronizeFolder(folder) }
    return notes
  }

  /// After a crash before the journal was marked committed: the old output
  /// back at the destination, the new one gone.
  private static func rollBack(_ step: Step) {
    let places = [step.destination, step.staged, step.backup]
    let atDestination = FileIdentity(path: step.destination)
    if let old = step.old {
      if atDestination != old, let oldPath = places.first(where: { FileIdentity(path: $0) == old }) {
        if atDestination != nil {
          // The new output is there: move it out of the way first.
          if !exchange(oldPath, step.destination) {
            if step.isDirectory {
              _ = rename(step.destination, step.staged + "-new")
              remove(step.staged + "-new")
            }
            _ = rename(oldPath, step.destination)
          }
        } else {
          _ = rename(oldPath, step.destination)
        }
      }
    } else if atDestination == step.new {
      remove(step.destination)
    }
    remove(step.staged)
    remove(step.backup)
  }

  /// After a crash once the journal was marked committed: the new output
  /// stays, the old one goes.
  private static func rollForward(_ step: Step) {
    for path in [step.staged, step.backup] where FileIdentity(path: path) != nil {
      remove(path)
    }
  }
}

import Foundation
import TestSupport
import Testing

/// All or none, under signals, failures, crashes and concurrent exports: the
/// commit protocol (docs/cli.md, "How outputs are committed") checked on the
/// built tool. The debug build pauses between commit steps when asked
/// (`REVIEW_EXPORT_TEST_COMMIT_PAUSE_MS`), so that a signal can be aimed
/// inside the commit, and fails a chosen step (`REVIEW_EXPORT_TEST_FAIL_COMMIT_STEP`).
@Suite(.serialized) struct CommitProtocolTests {
  static let formats = "json,xml,yaml,csv,csv-tables"
  /// The outputs, in the order of `formats`: the order of the commit's steps.
  static let outputNames = ["world-cinema.json", "world-cinema.xml", "world-cinema.yaml", "world-cinema.csv", "world-cinema.tables"]

  /// Every file under `folder`, by relative path.
  static func snapshot(_ folder: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: folder.path)
    while let relative = enumerator?.nextObject() as? String {
      var isDirectory: ObjCBool = false
      let path = folder.appendingPathComponent(relative).path
      if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
        files[relative] = FileManager.default.contents(atPath: path)
      }
    }
    return files
  }

  /// A folder holding an older export (the hostile catalog, under the new one's names).
  static func oldAndNewSets() throws -> (old: [String: Data], new: [String: Data], template: URL) {
    let template = try Fixtures.temporaryFolder()
    let newFolder = try Fixtures.temporaryFolder()
    #expect(
      try ToolRunner.run([
        "export", "Fixtures/catalogs/hostile-strings.json", "--name", "world-cinema", "-f", formats, "-o", template.path, "-q",
        "-O", "xml.invalid-characters=replace",
      ]).status == 0)
    #expect(try ToolRunner.run(["export", "Fixtures/catalogs/world-cinema.json", "-f", formats, "-o", newFolder.path, "-q"]).status == 0)
    let old = try snapshot(template)
    let new = try snapshot(newFolder)
    #expect(old != new && old.keys.sorted() != [])
    return (old, new, template)
  }

  static func trialFolder(from template: URL) throws -> URL {
    let folder = try Fixtures.temporaryFolder()
    for name in try FileManager.default.contentsOfDirectory(atPath: template.path) {
      try FileManager.default.copyItem(at: template.appendingPathComponent(name), to: folder.appendingPathComponent(name))
    }
    return folder
  }

  static func leftovers(_ folder: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".review-export-") }
  }

  /// Starts the new export into `folder`.
  static func startExport(into folder: URL, environment: [String: String], stderr: Pipe) throws -> Process {
    let process = Process()
    process.executableURL = ToolRunner.executable
    process.arguments = ["export", "Fixtures/catalogs/world-cinema.json", "-f", formats, "-o", folder.path, "-q"]
    process.currentDirectoryURL = Fixtures.root
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    process.standardError = stderr
    try process.run()
    return process
  }

  /// Waits until the commit has begun: its journal is in the folder.
  static func waitForCommit(in folder: URL, of process: Process) -> Bool {
    let deadline = Date().addingTimeInterval(30)
    while Date() < deadline && process.isRunning {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
      if names.contains(where: { $0.hasPrefix(".review-export-journal-") }) { return true }
      usleep(200)
    }
    return false
  }

  @Test func aSignalDuringTheCommitLeavesTheOldSetOrTheNewSetNeverAMix() throws {
    let (old, new, template) = try Self.oldAndNewSets()
    var counts = (old: 0, new: 0, mixed: 0)
    let signals = [SIGINT, SIGTERM, SIGHUP]
    // Trials 0–8 pause 2 ms before each step and aim from the journal's
    // appearance to past the commit point; 9–14 run at full speed and aim
    // 0–5 ms after the first output is replaced.
    let trials = 15
    for trial in 0..<trials {
      let folder = try Self.trialFolder(from: template)
      let stderr = Pipe()
      let paused = trial < 9
      let firstOutput = FileIdentity(folder.appendingPathComponent(Self.outputNames[0]))
      let process = try Self.startExport(
        into: folder, environment: paused ? ["REVIEW_EXPORT_TEST_COMMIT_PAUSE_MS": "2"] : [:], stderr: stderr)
      let signalNumber = signals[trial % signals.count]
      if paused {
        #expect(Self.waitForCommit(in: folder, of: process), "trial \(trial): the commit never began")
        usleep(UInt32(trial * 2) * 1000)
      } else {
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning && Date() < deadline && FileIdentity(folder.appendingPathComponent(Self.outputNames[0])) == firstOutput {}
        usleep(UInt32(trial - 9) * 1000)
      }
      kill(process.processIdentifier, signalNumber)
      let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      let now = try Self.snapshot(folder)
      if now == old {
        counts.old += 1
      } else if now == new {
        counts.new += 1
      } else {
        counts.mixed += 1
      }
      #expect(now == old || now == new, "trial \(trial): a mix of old and new outputs")
      #expect(try Self.leftovers(folder) == [], "trial \(trial): temporaries left")
      // 0 when the signal came after the process was done.
      #expect([0, 128 + signalNumber].contains(process.terminationStatus), "trial \(trial): \(message)")
      // The exit status of a signal promises the old set, unless the tool says otherwise.
      if process.terminationStatus != 0 && !message.contains("were committed; those are the new ones") {
        #expect(now == old, "trial \(trial): exit \(process.terminationStatus) but the outputs changed")
      }
    }
    print("commit window, \(trials) trials: \(counts.old) rolled back, \(counts.new) committed, \(counts.mixed) mixed")
    #expect(counts.old > 0)
  }

  @Test func aFailureAtAnyStepOfTheCommitRestoresTheOldSet() throws {
    let (old, _, template) = try Self.oldAndNewSets()
    for step in 0..<Self.outputNames.count {
      let folder = try Self.trialFolder(from: template)
      let stderr = Pipe()
      let process = try Self.startExport(
        into: folder, environment: ["REVIEW_EXPORT_TEST_FAIL_COMMIT_STEP": "\(step)"], stderr: stderr)
      let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      #expect(process.terminationStatus == 1)
      #expect(message.contains("cannot replace \(folder.path)/\(Self.outputNames[step]): Device or resource busy"), "\(message)")
      #expect(try Self.snapshot(folder) == old, "step \(step)")
      #expect(try Self.leftovers(folder) == [], "step \(step)")
    }
  }

  @Test func anExportKilledDuringItsCommitIsRolledBackByTheNextOne() throws {
    let (old, new, template) = try Self.oldAndNewSets()
    var counts = (old: 0, new: 0)
    let trials = 6
    for trial in 0..<trials {
      let folder = try Self.trialFolder(from: template)
      let process = try Self.startExport(into: folder, environment: ["REVIEW_EXPORT_TEST_COMMIT_PAUSE_MS": "5"], stderr: Pipe())
      #expect(Self.waitForCommit(in: folder, of: process))
      // From the first step to past the commit point (six pauses of 5 ms).
      usleep(UInt32(2 + trial * 6) * 1000)
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      guard try !Self.leftovers(folder).isEmpty else {
        // A loaded machine: the export was done before the kill.
        #expect(try Self.snapshot(folder) == new)
        continue
      }
      // Another export into the folder finishes the killed one's commit first.
      let other = try ToolRunner.run(["export", "Fixtures/catalogs/world-cinema.json", "-f", "json", "--name", "other", "-o", folder.path])
      #expect(other.status == 0)
      #expect(other.stderr.contains("process \(process.processIdentifier)"), "\(other.stderr)")
      var now = try Self.snapshot(folder)
      now["other.json"] = nil
      #expect(now == old || now == new, "trial \(trial): a mix after recovery")
      if now == old { counts.old += 1 } else { counts.new += 1 }
      #expect(try Self.leftovers(folder) == [])
    }
    print("SIGKILL in the commit, \(trials) trials: \(counts.old) rolled back, \(counts.new) rolled forward")
  }

  @Test func temporariesOfAKilledExportAreRemovedButNotThoseOfALiveOne() throws {
    let folder = try Fixtures.temporaryFolder()
    let gone = Process()
    gone.executableURL = URL(fileURLWithPath: "/bin/true")
    try gone.run()
    gone.waitUntilExit()
    let stale = folder.appendingPathComponent(".review-export-tmp-\(gone.processIdentifier)-42-world-cinema.json")
    let staleFolder = folder.appendingPathComponent(".review-export-tmp-\(gone.processIdentifier)-43-world-cinema.tables")
    let live = folder.appendingPathComponent(".review-export-tmp-\(getpid())-44-world-cinema.json")
    try Data("partial".utf8).write(to: stale)
    try FileManager.default.createDirectory(at: staleFolder, withIntermediateDirectories: false)
    try Data("partial".utf8).write(to: live)
    let run = try ToolRunner.run(["export", "Fixtures/catalogs/world-cinema.json", "-f", "json", "-o", folder.path])
    #expect(run.status == 0)
    #expect(run.stderr.contains("removed 2 temporary files left by an export that was killed"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [live.lastPathComponent, "world-cinema.json"])
  }

  @Test func concurrentExportsIntoOneFolderRunOneAfterTheOther() throws {
    let folder = try Fixtures.temporaryFolder()
    let catalogs = ["Fixtures/catalogs/world-cinema.json", "Fixtures/catalogs/hostile-strings.json"]
    let processes = try catalogs.map { catalog -> (Process, Pipe) in
      let process = Process()
      process.executableURL = ToolRunner.executable
      process.arguments = [
        "export", catalog, "--name", "shared", "-f", "json,yaml,csv-tables", "-o", folder.path, "-q",
      ]
      process.currentDirectoryURL = Fixtures.root
      let stderr = Pipe()
      process.standardError = stderr
      try process.run()
      return (process, stderr)
    }
    for (process, stderr) in processes {
      let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      #expect(process.terminationStatus == 0, "\(message)")
      #expect(!message.contains("Directory not empty"))
    }
    // The set is one catalog's, whole.
    let sets = try catalogs.map { catalog -> [String: Data] in
      let alone = try Fixtures.temporaryFolder()
      #expect(try ToolRunner.run(["export", catalog, "--name", "shared", "-f", "json,yaml,csv-tables", "-o", alone.path, "-q"]).status == 0)
      return try Self.snapshot(alone)
    }
    let now = try Self.snapshot(folder)
    #expect(now == sets[0] || now == sets[1])
    #expect(try Self.leftovers(folder) == [])
  }

  @Test func checkWritesNothingAndSaysWhenItCannotCheck() throws {
    let parent = try Fixtures.temporaryFolder()
    let missing = parent.appendingPathComponent("not-yet/deeper")
    let stale = try ToolRunner.run(["export", "Fixtures/catalogs/world-cinema.json", "-f", "json,csv-tables", "-o", missing.path, "--check"])
    #expect(stale.status == 1)
    #expect(stale.stdout == "would change: \(missing.path)/world-cinema.json\nwould change: \(missing.path)/world-cinema.tables\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == [], "--check created a folder")

    let folder = try Fixtures.temporaryFolder()
    #expect(try ToolRunner.run(["export", "Fixtures/catalogs/world-cinema.json", "-f", "json,csv-tables", "-o", folder.path, "-q"]).status == 0)
    let upToDate = try ToolRunner.run(["export", "Fixtures/catalogs/world-cinema.json", "-f", "json,csv-tables", "-o", folder.path, "--check"])
    #expect(upToDate.status == 0, "\(upToDate.stderr)")
    // A read-only folder can still be checked: nothing is written into it.
    try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
    defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path) }
    let readOnly = try ToolRunner.run(["export", "Fixtures/catalogs/world-cinema.json", "-f", "json,csv-tables", "-o", folder.path, "--check"])
    #expect(readOnly.status == 0, "\(readOnly.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["world-cinema.json", "world-cinema.tables"])
    // An output that is a folder where a file goes cannot be compared: exit 2, not "would change".
    let clash = try Fixtures.temporaryFolder()
    try FileManager.default.createDirectory(at: clash.appendingPathComponent("world-cinema.json"), withIntermediateDirectories: false)
    let cannot = try ToolRunner.run(["export", "Fixtures/catalogs/world-cinema.json", "-f", "json", "-o", clash.path, "--check"])
    #expect(cannot.status == 2)
    #expect(cannot.stderr.contains("cannot check \(clash.path)/world-cinema.json: it is a folder"))
  }
}

/// A file's device and inode, to see when it is replaced.
struct FileIdentity: Equatable {
  var device: UInt64
  var inode: UInt64

  init?(_ url: URL) {
    var info = stat()
    guard lstat(url.path, &info) == 0 else { return nil }
    device = UInt64(info.st_dev)
    inode = UInt64(info.st_ino)
  }
}

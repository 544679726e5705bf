import Foundation
import TestSupport
import Testing

/// The README's examples run as written: every shell line of its "Quick
/// start", "Using the tool" and "Daily use" sections, taken from the file,
/// in a scratch folder holding the fixtures and a `catalog.json`, with the
/// built tool first on `PATH`; the config example is written where the text
/// says it goes, and the shown session (`$ …`) must print what it shows.
/// A README that drifts from the tool fails here.
@Suite struct ReadmeExamplesTests {
  static let sections = ["Quick start", "Using the tool", "Daily use"]
  /// Lines not run, and why; any other line must run.
  static let notRun: [String: String] = [
    "sudo apt-get install -y libxml2-dev libyaml-dev libsqlite3-dev libxlsxwriter-dev pkg-config": "installs system packages (.ci/run does it)",
    "swift test": "is this suite",
    "swift package generate-manual": "builds a plugin (minutes)",
    "man .build/plugins/GenerateManual/outputs/review-export/review-export.1": "needs the manual built above",
  ]

  /// A block of the README: its kind (`sh`, `yaml`, or plain) and lines.
  struct Block {
    var section: String
    var kind: String
    var lines: [String]
  }

  static func blocks() throws -> [Block] {
    let text = try String(contentsOf: Fixtures.root.appendingPathComponent("README.md"), encoding: .utf8)
    var blocks: [Block] = []
    var section = ""
    var open: Block?
    for line in text.components(separatedBy: "\n") {
      if var block = open {
        if line.hasPrefix("```") {
          blocks.append(block)
          open = nil
        } else {
          block.lines.append(line)
          open = block
        }
      } else if line.hasPrefix("## ") {
        section = String(line.dropFirst(3))
      } else if line.hasPrefix("```") {
        open = Block(section: section, kind: String(line.dropFirst(3)), lines: [])
      }
    }
    return blocks.filter { sections.contains($0.section) }
  }

  static func shell(_ command: String, in folder: URL) throws -> ToolRunner.Outcome {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    process.currentDirectoryURL = folder
    var environment = ProcessInfo.processInfo.environment
    environment["PATH"] = ToolRunner.executable.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "")
    environment["HOME"] = folder.appendingPathComponent("home").path
    process.environment = environment
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    process.standardInput = FileHandle.nullDevice
    try process.run()
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) { errData = error.fileHandleForReading.readDataToEndOfFile() }
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return ToolRunner.Outcome(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self), stdoutBytes: [UInt8](outData))
  }

  @Test func everyExampleRunsAsWritten() throws {
    let blocks = try Self.blocks()
    #expect(Set(blocks.map(\.section)) == Set(Self.sections), "a section of the README was renamed")
    let folder = try Fixtures.temporaryFolder()
    let fileManager = FileManager.default
    try fileManager.createDirectory(at: folder.appendingPathComponent("home"), withIntermediateDirectories: true)
    try fileManager.createDirectory(at: folder.appendingPathComponent("Fixtures"), withIntermediateDirectories: true)
    for name in ["catalogs", "invalid"] {
      try fileManager.copyItem(at: Fixtures.url(name), to: folder.appendingPathComponent("Fixtures/\(name)"))
    }
    try fileManager.copyItem(at: Fixtures.url("catalogs"), to: folder.appendingPathComponent("catalogs"))
    try fileManager.copyItem(at: Fixtures.url("catalogs/world-cinema.json"), to: folder.appendingPathComponent("catalog.json"))

    var ran = 0
    var skipped: [String] = []
    for block in blocks {
      switch block.kind {
      case "yaml":
        // The config example: "Put a review-export.yml in the folder you run from".
        try Data(block.lines.joined(separator: "\n").utf8).write(to: folder.appendingPathComponent("review-export.yml"))
      case "sh":
        for line in block.lines where !line.trimmingCharacters(in: .whitespaces).isEmpty {
          let command = line.replacingOccurrences(of: "swift run review-export ", with: "review-export ")
          let bare = command.components(separatedBy: " #").first!.trimmingCharacters(in: .whitespaces)
          if Self.notRun[bare] != nil {
            skipped.append(bare)
            continue
          }
          let outcome = try Self.shell(command, in: folder)
          ran += 1
          #expect(outcome.status == 0, "README (\(block.section)): `\(line)` exited \(outcome.status): \(outcome.stderr)")
        }
      default:
        // A session shown as `$ command` and what it prints.
        guard let first = block.lines.first, first.hasPrefix("$ ") else { continue }
        let outcome = try Self.shell(String(first.dropFirst(2)), in: folder)
        ran += 1
        let shown = block.lines.dropFirst().filter { !$0.isEmpty && $0 != "…" }
        #expect(outcome.status == (shown.contains { $0.contains(": error: ") } ? 1 : 0), "README: `\(first)`")
        let printed = (outcome.stdout + outcome.stderr).components(separatedBy: "\n")
        for line in shown {
          let prefix = line.hasSuffix("…") ? String(line.dropLast()) : line
          #expect(printed.contains { line.hasSuffix("…") ? $0.hasPrefix(prefix) : $0 == line }, "README shows a line the tool does not print: \(line)")
        }
      }
    }
    #expect(Set(skipped) == Set(Self.notRun.keys), "a line the README no longer has is still listed as not run")
    #expect(ran >= 12)
  }
}

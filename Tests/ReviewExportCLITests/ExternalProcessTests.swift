import Foundation
import TestSupport
import Testing

/// External exporters are stopped with everything they started: on timeout,
/// on Ctrl-C, and when they finish leaving children behind; and only the
/// programs whose formats are asked for are asked to describe themselves.
@Suite struct ExternalProcessTests {
  static let folder = Fixtures.url("plugins/process-groups").path

  /// Processes whose command line holds `marker`.
  static func processes(with marker: String) -> [String] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.filter { $0.allSatisfy(\.isNumber) }.compactMap { pid in
      guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
      let line = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
      return line.contains(marker) ? "\(pid): \(line)" : nil
    }
  }

  static func export(_ format: String, marker: String, timeout: String = "2") throws -> (ToolRunner.Outcome, Double, URL) {
    let out = try Fixtures.temporaryFolder()
    let start = Date()
    let outcome = try ToolRunner.run(
      ["export", "Fixtures/catalogs/world-cinema.json", "-f", format, "-o", out.path, "--plugin-path", folder, "--plugin-timeout", timeout],
      environment: ["REVIEW_EXPORT_TEST_MARKER": marker])
    return (outcome, Date().timeIntervalSince(start), out)
  }

  @Test(arguments: ["forks", "stubborn"])
  func aTimeoutStopsTheWholeGroup(_ format: String) throws {
    let marker = "review-export-test-\(UUID().uuidString)"
    let (outcome, seconds, out) = try Self.export(format, marker: marker)
    #expect(outcome.status == 1)
    #expect(outcome.stderr.contains("did not finish within 2 s and was stopped"), "\(outcome.stderr)")
    // The timeout, plus the grace period before SIGKILL, plus a margin.
    #expect(seconds < 2 + 2 + 3, "took \(seconds) s")
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == [])
    #expect(Self.processes(with: marker) == [], "processes of the group were left running")
  }

  @Test func aFailedOutputStopsAProgramStillRunning() throws {
    // The first review's body is longer than a spreadsheet cell holds: xlsx fails at once.
    var json = try #require(try JSONSerialization.jsonObject(with: Data(Fixtures.bytes("catalogs/world-cinema.json"))) as? [String: Any])
    var reviews = try #require(json["reviews"] as? [[String: Any]])
    reviews[0]["body"] = String(repeating: "long ", count: 8_000)
    json["reviews"] = reviews
    let catalog = try Fixtures.temporaryFolder().appendingPathComponent("long.json")
    try JSONSerialization.data(withJSONObject: json).write(to: catalog)
    let marker = "review-export-test-\(UUID().uuidString)"
    let out = try Fixtures.temporaryFolder()
    let start = Date()
    let outcome = try ToolRunner.run(
      ["export", catalog.path, "-f", "xlsx,stubborn", "-o", out.path, "--plugin-path", Self.folder, "--plugin-timeout", "60"],
      environment: ["REVIEW_EXPORT_TEST_MARKER": marker])
    #expect(outcome.status == 1)
    // The failure reported is the one that stopped the export.
    #expect(outcome.stderr.contains("xlsx: reviews[0].body: 40000 characters"), "\(outcome.stderr)")
    #expect(!outcome.stderr.contains("stubborn"), "\(outcome.stderr)")
    // Stopped at once (the grace period before SIGKILL, plus a margin), not after its 30 s.
    let seconds = Date().timeIntervalSince(start)
    #expect(seconds < 2 + 3, "took \(seconds) s")
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == [])
    #expect(Self.processes(with: marker) == [], "processes of the group were left running")
  }

  @Test func aChildLeftBehindIsStoppedAndDoesNotHoldTheExport() throws {
    let marker = "review-export-test-\(UUID().uuidString)"
    let (outcome, seconds, out) = try Self.export("leaves-child", marker: marker, timeout: "20")
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(seconds < 5, "took \(seconds) s")
    #expect(try String(contentsOf: out.appendingPathComponent("world-cinema.left.txt"), encoding: .utf8) == "done\n")
    #expect(Self.processes(with: marker) == [])
  }

  @Test func ctrlCStopsTheWholeGroup() throws {
    let marker = "review-export-test-\(UUID().uuidString)"
    let out = try Fixtures.temporaryFolder()
    let process = Process()
    process.executableURL = ToolRunner.executable
    process.arguments = ["export", "Fixtures/catalogs/world-cinema.json", "-f", "stubborn", "-o", out.path, "--plugin-path", Self.folder]
    process.environment = ProcessInfo.processInfo.environment.merging(["REVIEW_EXPORT_TEST_MARKER": marker]) { $1 }
    process.currentDirectoryURL = Fixtures.root
    process.standardError = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(20)
    while Self.processes(with: marker).isEmpty && Date() < deadline { usleep(20_000) }
    #expect(!Self.processes(with: marker).isEmpty, "the exporter's child never started")
    kill(process.processIdentifier, SIGINT)
    process.waitUntilExit()
    #expect(process.terminationStatus == 130)
    #expect(Self.processes(with: marker) == [], "Ctrl-C left the exporter's children running")
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == [])
  }

  @Test func onlyTheProgramsAskedForDescribeThemselves() throws {
    // A slow 'describe' (25 s) elsewhere on the path does not delay a json export.
    let out = try Fixtures.temporaryFolder()
    let start = Date()
    let outcome = try ToolRunner.run(["export", "Fixtures/catalogs/world-cinema.json", "-f", "json", "-o", out.path, "--plugin-path", Self.folder])
    #expect(outcome.status == 0)
    #expect(Date().timeIntervalSince(start) < 10)
  }

  @Test func formatsDescribesEveryProgramWithinLimits() throws {
    let start = Date()
    let outcome = try ToolRunner.run(["formats", "--plugin-path", Self.folder])
    #expect(outcome.status == 0)
    #expect(Date().timeIntervalSince(start) < 15, "a slow or flooding describe held up 'formats'")
    #expect(outcome.stderr.contains("'describe' did not finish within 5 s"), "\(outcome.stderr)")
    #expect(outcome.stderr.contains("'describe' printed more than 64 KiB"), "\(outcome.stderr)")
    #expect(outcome.stderr.contains("needs an \"extension\" of at most 32 letters"), "\(outcome.stderr)")
    #expect(outcome.stdout.contains("forks"))
  }
}

import Foundation
import TestSupport
import Testing

/// Every number the validator accepts is written by every format and read
/// back: `Fixtures/catalogs/extreme-numbers.json` holds the widest ones
/// (Int64's minimum and maximum years, amounts, ranks, running times and
/// rating scales; a rating of 2^63 on a scale of Int64.max; 5e-324).
@Suite struct NumericRangeTests {
  static let fixture = "Fixtures/catalogs/extreme-numbers.json"

  @Test func theWidestValidNumbersExportToEveryFormatAndReadBack() throws {
    #expect(try ToolRunner.run(["validate", Self.fixture]).status == 0)
    let folder = try Fixtures.temporaryFolder()
    let run = try ToolRunner.run(["export", Self.fixture, "-f", "all", "-o", folder.path, "-q"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") } == [])
    let canonical = try Data(contentsOf: folder.appendingPathComponent("extreme-numbers.json"))
    for format in ["xml", "yaml", "tables"] {
      let back = try ToolRunner.run(["export", folder.appendingPathComponent("extreme-numbers.\(format)").path, "-f", "json", "--stdout"])
      #expect(back.status == 0, "\(format): \(back.stderr)")
      #expect(Data(back.stdoutBytes) == canonical, "\(format) did not read back to the same catalog")
    }
    let markdown = try String(contentsOf: folder.appendingPathComponent("extreme-numbers.md"), encoding: .utf8)
    #expect(markdown.contains("9.223372036854776e+18/9223372036854775807"))
    #expect(markdown.contains("5e-324/1"))
    let csv = try String(contentsOf: folder.appendingPathComponent("extreme-numbers.csv"), encoding: .utf8)
    #expect(csv.contains(",-9223372036854775808,"))
  }
}

/// The same catalog gives byte-identical files in every format, from two
/// separate runs of the tool with different hash seeds (Swift randomises
/// dictionary and set order per process; one run fixes it), so no output
/// can depend on such an order.
@Suite struct DeterminismTests {
  @Test(arguments: ["catalogs/hostile-strings.json", "catalogs/world-cinema.json"])
  func twoRunsWithDifferentHashSeedsWriteTheSameBytes(_ path: String) throws {
    var runs: [[String: Data]] = []
    for environment in [["SWIFT_DETERMINISTIC_HASHING": "1"], [:]] {
      let folder = try Fixtures.temporaryFolder()
      let outcome = try ToolRunner.run(
        [
          "export", Fixtures.url(path).path, "-f", "all", "-o", folder.path, "-q", "-O", "xml.invalid-characters=replace", "-O",
          "atom.invalid-characters=replace",
        ],
        environment: environment)
      #expect(outcome.status == 0, "\(outcome.stderr)")
      var files: [String: Data] = [:]
      for relative in FileManager.default.subpaths(atPath: folder.path) ?? [] {
        var isDirectory: ObjCBool = false
        let file = folder.appendingPathComponent(relative).path
        if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue {
          files[relative] = FileManager.default.contents(atPath: file)
        }
      }
      runs.append(files)
    }
    #expect(runs[0].count >= 21)
    #expect(runs[0] == runs[1])
  }
}

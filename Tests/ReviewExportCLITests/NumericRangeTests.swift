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

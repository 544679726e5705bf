import Foundation
import ReviewFormats
import TestSupport
import Testing

/// The library as an app uses it: `import ReviewFormats` only, no
/// `@testable`, the two entry points spelled as the docs spell them.
@Suite struct ReviewFormatsTests {
  static let fixture = Fixtures.url("catalogs/world-cinema.json")

  @Test func readingIsOneLineAndEncodingGivesTheToolsBytes() throws {
    let catalog = try Catalog(contentsOf: Self.fixture)
    #expect(catalog.reviews.count == 3)
    let golden: [(CatalogFormat, String)] = [
      (.json, "json"), (.xml, "xml"), (.yaml, "yaml"), (.csv, "csv"), (.markdown, "md"), (.html, "html"),
    ]
    for (format, ext) in golden {
      let data = try catalog.encoded(as: format)
      #expect([UInt8](data) == (try Fixtures.bytes("golden/world-cinema.\(ext)")), "\(format)")
    }
  }

  @Test func everyFormatWritesWhatTheToolWrites() throws {
    let catalog = try Catalog(contentsOf: Self.fixture)
    let ours = try Fixtures.temporaryFolder()
    let tools = try Fixtures.temporaryFolder()
    let outcome = try ToolRunner.run(["export", Self.fixture.path, "--format", "all", "-o", tools.path, "-q"])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    for ext in ["json", "xml", "yaml", "csv", "tables", "sqlite", "xlsx", "jsonl", "jsonld", "atom", "md", "html"] {
      let url = ours.appendingPathComponent("world-cinema.\(ext)")
      let format: CatalogFormat? =
        switch ext {
        case "tables": .csvTables
        case "md": .markdown
        default: nil
        }
      #expect(try catalog.write(to: url, as: format), "\(ext)")
      #expect(try Fixtures.contents(of: url) == Fixtures.contents(of: tools.appendingPathComponent("world-cinema.\(ext)")), "\(ext)")
      // A second write of the same catalog leaves the file as it is.
      #expect(try !catalog.write(to: url, as: format), "\(ext)")
    }
    #expect(try catalog.encoded(as: .sqlite) == Data(contentsOf: ours.appendingPathComponent("world-cinema.sqlite")))
  }

  @Test func anInvalidCatalogThrowsEveryProblemWithItsPlace() throws {
    let url = Fixtures.url("invalid/out-of-range.json")
    let expected = try String(contentsOf: Fixtures.url("invalid/out-of-range.expected"), encoding: .utf8)
      .split(separator: "\n").dropLast().map { url.path.replacingOccurrences(of: "out-of-range.json", with: "") + $0 }
    #expect {
      try Catalog(contentsOf: url)
    } throws: { error in
      (error as? CatalogError)?.diagnostics.map(\.description) == expected
    }
  }

  @Test func dataInMemoryReadsAlike() throws {
    let data = try Data(contentsOf: Self.fixture)
    #expect(try Catalog(data: data) == Catalog(contentsOf: Self.fixture))
    let yaml = try Catalog(contentsOf: Self.fixture).encoded(as: .yaml)
    #expect(try Catalog(data: yaml, format: .yaml) == Catalog(contentsOf: Self.fixture))
  }

  @Test func unknownFormatsAndFolderFormatsSaySo() throws {
    let catalog = try Catalog(contentsOf: Self.fixture)
    #expect { try catalog.encoded(as: "toml") } throws: { "\($0)".contains("unknown format 'toml'; formats: json, xml") }
    #expect { try catalog.encoded(as: .jsonl) } throws: { "\($0)".contains("jsonl writes a folder of files; use write(to:as:)") }
    #expect { try catalog.encoded(as: .json, options: ["indnet": "4"]) } throws: { "\($0)".contains("indnet") }
  }

  @Test func partsStreamAndAreValidated() async throws {
    let parts = try CatalogParts(contentsOf: Self.fixture)
    #expect(parts.header.info.id == "world-cinema")
    var reviews: [Review] = []
    var count = 0
    for try await part in parts {
      count += 1
      if case .review(let review) = part { reviews.append(review) }
    }
    let catalog = try Catalog(contentsOf: Self.fixture)
    #expect(count == catalog.people.count + catalog.works.count + catalog.reviews.count)
    #expect(reviews == catalog.reviews)

    let invalid = try CatalogParts(contentsOf: Fixtures.url("invalid/out-of-range.json"))
    var problems: [String] = []
    do {
      for try await _ in invalid {}
    } catch let error as CatalogError {
      problems = error.diagnostics.map(\.description)
    }
    #expect(problems.count == 6, "\(problems)")
    #expect(problems.first?.hasSuffix("out-of-range.json:62:25: error: works[0].runtimeMinutes: a running time must be more than 0 minutes, not 0") == true)
  }
}

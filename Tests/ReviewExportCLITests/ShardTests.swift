import Foundation
import ReviewCatalog
import ReviewExporting
import TestSupport
import Testing

/// `export --shard I/N` and `merge`, through the built binary: the shards of
/// an export, merged, are byte for byte the single export, for every format
/// that can be sharded, every fixture, many shard counts; each shard holds
/// exactly the reviews whose id hashes to it; a wrong set of shards is
/// refused before anything is written.
@Suite struct ShardTests {
  /// Every built-in format that can be written in shards.
  static let formats = "json,xml,yaml,csv,csv-tables,jsonl"

  /// Exports `catalog` whole into `folder/single` and in `count` shards into
  /// `folder/shards`, merges those into `folder/merged`, and returns the
  /// single and the merged outputs, every file by relative path.
  static func singleAndMerged(
    _ catalog: URL, count: Int, formats: String = formats, options: [String] = [], in folder: URL
  ) throws -> (single: [String: Data], merged: [String: Data]) {
    let flags = options.flatMap { ["-O", $0] }
    let single = folder.appendingPathComponent("single")
    let shards = folder.appendingPathComponent("shards")
    let merged = folder.appendingPathComponent("merged")
    let whole = try ToolRunner.run(["export", catalog.path, "-f", formats, "-o", single.path, "-q"] + flags)
    #expect(whole.status == 0, "\(whole.stderr)")
    for index in 0..<count {
      let shard = try ToolRunner.run(["export", catalog.path, "-f", formats, "--shard", "\(index)/\(count)", "-o", shards.path, "-q"] + flags)
      #expect(shard.status == 0, "shard \(index)/\(count): \(shard.stderr)")
    }
    let merge = try ToolRunner.run(["merge", shards.path, "-o", merged.path, "-q"])
    #expect(merge.status == 0, "\(merge.stderr)")
    return (try StreamingExportTests.files(in: single), try StreamingExportTests.files(in: merged))
  }

  static func expectSame(_ outputs: (single: [String: Data], merged: [String: Data]), _ what: String) {
    #expect(outputs.single.keys.sorted() == outputs.merged.keys.sorted(), "\(what): the same files")
    #expect(outputs.single.count >= 9, "\(what): every format was written")
    for (path, bytes) in outputs.single.sorted(by: { $0.key < $1.key }) {
      #expect(outputs.merged[path] == bytes, "\(what): \(path) differs from the single export")
    }
  }

  /// A catalog of `count` reviews (the fixture's, repeated under new ids), as a JSON file.
  static func largeCatalog(reviews count: Int, in folder: URL) throws -> URL {
    let catalog = try StreamingExportTests.largeCatalog(reviews: count)
    let file = folder.appendingPathComponent("large.json")
    try Data(Render.bytes(StreamingExportTests.registry.exporter(named: "json")!, catalog)).write(to: file)
    return file
  }

  /// 2,500 reviews: the whole export and each shard stream their reviews in
  /// several batches (of 128) and write them in several chunks (of 256), so
  /// the shards and their merge cross every boundary a larger catalog does. (It was 10,000: the debug tool,
  /// run eight times, made it the slowest test of the suite, for no
  /// boundary more.)
  @Test(arguments: [1, 3])
  func mergedShardsAreTheSingleExportOfALargeCatalog(count: Int) throws {
    let folder = try Fixtures.temporaryFolder()
    let catalog = try Self.largeCatalog(reviews: 2_500, in: folder)
    Self.expectSame(try Self.singleAndMerged(catalog, count: count, in: folder), "2,500 reviews, \(count) shards")
  }

  @Test(arguments: ["world-cinema.json", "world-cinema.yaml", "hostile-strings.json", "extreme-numbers.json"])
  func mergedShardsAreTheSingleExportForEveryFixture(fixture: String) throws {
    // More shards than reviews: some shards hold none, and shard 0 may be one of them.
    for count in [2, 7] {
      let folder = try Fixtures.temporaryFolder()
      let outputs = try Self.singleAndMerged(
        Fixtures.url("catalogs/\(fixture)"), count: count, options: ["xml.invalid-characters=replace"], in: folder)
      Self.expectSame(outputs, "\(fixture), \(count) shards")
    }
  }

  @Test func mergedShardsAreTheSingleExportOfACatalogWithoutReviews() throws {
    let folder = try Fixtures.temporaryFolder()
    var catalog = try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.url("catalogs/world-cinema.json"))) as! [String: Any]
    catalog["reviews"] = [Any]()
    let file = folder.appendingPathComponent("no-reviews.json")
    try JSONSerialization.data(withJSONObject: catalog).write(to: file)
    Self.expectSame(try Self.singleAndMerged(file, count: 3, in: folder), "no reviews")
  }

  @Test func mergedShardsAreTheSingleExportWithOtherOptions() throws {
    let folder = try Fixtures.temporaryFolder()
    let options = [
      "json.compact=true", "xml.compact=true", "yaml.indent=4", "yaml.document-start=true", "csv.delimiter=semicolon",
      "csv.bom=true", "csv.quoting=all", "csv-tables.line-ending=lf", "jsonl.shape=flat",
    ]
    let outputs = try Self.singleAndMerged(
      Fixtures.url("catalogs/hostile-strings.json"), count: 3, options: options + ["xml.invalid-characters=replace"], in: folder)
    Self.expectSame(outputs, "other options")
  }

  @Test func eachShardHoldsTheReviewsWhoseIdHashesToIt() throws {
    // FNV-1a, 64 bits: the published test vectors.
    let empty: UInt64 = 0xcbf2_9ce4_8422_2325
    let a: UInt64 = 0xaf63_dc4c_8601_ec8c
    #expect(CatalogShard.number(of: "", count: Int.max) == Int(empty % UInt64(Int.max)))
    #expect(CatalogShard.number(of: "a", count: 1 << 62) == Int(a % (1 << 62)))
    let folder = try Fixtures.temporaryFolder()
    let catalog = try Self.largeCatalog(reviews: 600, in: folder)
    let ids = try (JSONSerialization.jsonObject(with: Data(contentsOf: catalog)) as! [String: Any])["reviews"].map {
      ($0 as! [[String: Any]]).map { $0["id"] as! String }
    }!
    var concatenated: [String] = []
    for index in 0..<3 {
      let run = try ToolRunner.run(
        [
          "export", catalog.path, "-f", "jsonl,csv", "-O", "csv.header=false", "--shard", "\(index)/3", "-o", folder.appendingPathComponent("shards").path,
          "-q",
        ])
      #expect(run.status == 0, "\(run.stderr)")
      let shard = folder.appendingPathComponent("shards/large.shard-\(index)-of-3")
      let lines = try String(decoding: Data(contentsOf: shard.appendingPathComponent("jsonl/reviews.reviews.jsonl")), as: UTF8.self)
        .split(separator: "\n").map(String.init)
      let held = try lines.map { try (JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["id"] as! String }
      #expect(held == ids.filter { CatalogShard.number(of: $0, count: 3) == index }, "shard \(index): its reviews, in catalog order")
      #expect(!held.isEmpty)
      concatenated += lines
    }
    // Plain concatenation of the shards' JSON Lines is every line of the single export.
    let single = try ToolRunner.run([
      "export", catalog.path, "-f", "jsonl,csv", "-O", "csv.header=false", "-o", folder.appendingPathComponent("single").path, "-q",
    ])
    #expect(single.status == 0)
    let lines = try String(decoding: Data(contentsOf: folder.appendingPathComponent("single/large.jsonl/reviews.jsonl")), as: UTF8.self)
      .split(separator: "\n").map(String.init)
    #expect(concatenated.sorted() == lines.sorted())
    // So is that of header-less CSV: the rows, in another order.
    var rows = Data()
    for index in 0..<3 { rows += try Data(contentsOf: folder.appendingPathComponent("shards/large.shard-\(index)-of-3/csv/reviews")) }
    let singleRows = try Data(contentsOf: folder.appendingPathComponent("single/large.csv"))
    #expect(rows.count == singleRows.count)
    #expect(Self.records(rows) == Self.records(singleRows))
  }

  /// A CSV file's records (no field of the large catalog holds a line break), sorted.
  static func records(_ data: Data) -> [String] {
    String(decoding: data, as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }.sorted()
  }

  @Test func aShardExportedAgainIsUnchanged() throws {
    let folder = try Fixtures.temporaryFolder()
    let arguments = ["export", Fixtures.url("catalogs/world-cinema.json").path, "-f", Self.formats, "--shard", "1/2", "-o", folder.path]
    #expect(try ToolRunner.run(arguments).stderr.contains("wrote "))
    let again = try ToolRunner.run(arguments)
    #expect(again.status == 0)
    #expect(again.stderr.contains("unchanged \(folder.path)/world-cinema.shard-1-of-2"), "\(again.stderr)")
  }

  @Test func aWrongSetOfShardsIsRefusedAndNothingIsWritten() throws {
    let folder = try Fixtures.temporaryFolder()
    func shard(_ catalog: String, _ spec: String, into name: String, _ more: [String] = []) throws {
      let run = try ToolRunner.run(
        ["export", Fixtures.url("catalogs/\(catalog)").path, "-f", "json,yaml", "--shard", spec, "-o", folder.appendingPathComponent(name).path, "-q"]
          + more)
      #expect(run.status == 0, "\(run.stderr)")
    }
    for index in 0..<3 { try shard("world-cinema.json", "\(index)/3", into: "good") }
    try shard("hostile-strings.json", "1/3", into: "other-catalog")
    try shard("world-cinema.json", "1/3", into: "other-options", ["-O", "json.indent=4"])
    try shard("world-cinema.json", "1/2", into: "other-count")
    let good = (0..<3).map { folder.appendingPathComponent("good/world-cinema.shard-\($0)-of-3").path }
    let out = folder.appendingPathComponent("out")
    let cases: [([String], String)] = [
      ([good[0], good[2]], "shard 1 of 3 is missing: export it with --shard 1/3"),
      ([good[0], good[1]], "shard 2 of 3 is missing"),
      (good + [good[1]], "shard 1 of 3 is given twice"),
      ([good[0], folder.appendingPathComponent("other-catalog/hostile-strings.shard-1-of-3").path, good[2]], "were exported from different catalogs"),
      ([good[0], folder.appendingPathComponent("other-options/world-cinema.shard-1-of-3").path, good[2]], "different formats or with different options"),
      ([good[0], folder.appendingPathComponent("other-count/world-cinema.shard-1-of-2").path, good[2]], "they are not shards of one export"),
      ([folder.appendingPathComponent("nowhere").path], "is not a shard's folder"),
    ]
    for (shards, message) in cases {
      let run = try ToolRunner.run(["merge"] + shards + ["-o", out.path])
      #expect(run.status == 1, "\(shards)")
      #expect(run.stderr.contains(message), "\(run.stderr)")
      #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("world-cinema.json").path))
    }
    // A damaged shard: its index cut short.
    let index = URL(fileURLWithPath: good[1]).appendingPathComponent("json/index")
    let bytes = try Data(contentsOf: index)
    try bytes.dropLast(1).write(to: index)
    let damaged = try ToolRunner.run(["merge", folder.appendingPathComponent("good").path, "-o", out.path])
    #expect(damaged.status == 1)
    #expect(damaged.stderr.contains("world-cinema.shard-1-of-3/json/index: the index ends inside an entry"), "\(damaged.stderr)")
    #expect(damaged.stderr.contains("export the shard again"))
    #expect(try StreamingExportTests.files(in: out).isEmpty, "nothing is written")
    try bytes.write(to: index)
    let repaired = try ToolRunner.run(["merge", folder.appendingPathComponent("good").path, "-o", out.path, "-q"])
    #expect(repaired.status == 0, "\(repaired.stderr)")
  }

  /// A shard is input like any other: damaged numbers in its manifest or
  /// index give a message naming the file, never a crash, and nothing is written.
  @Test func damagedShardsAreRefusedNotTrusted() throws {
    let folder = try Fixtures.temporaryFolder()
    let shards = folder.appendingPathComponent("shards")
    for index in 0..<2 {
      let run = try ToolRunner.run(
        ["export", Fixtures.url("catalogs/world-cinema.json").path, "-f", "json", "--shard", "\(index)/2", "-o", shards.path, "-q"])
      #expect(run.status == 0, "\(run.stderr)")
    }
    let part = shards.appendingPathComponent("world-cinema.shard-1-of-2/json")
    let manifest = try Data(contentsOf: part.appendingPathComponent("shard.json"))
    let index = try Data(contentsOf: part.appendingPathComponent("index"))
    let text = String(decoding: manifest, as: UTF8.self)
    let start = try #require(text.range(of: #""reviewsStart" : [0-9]+"#, options: .regularExpression))
    let damages: [(manifest: String, index: Data, message: String)] = [
      (text.replacingCharacters(in: start, with: #""reviewsStart" : -5"#), index, "holds numbers no export writes"),
      (text.replacingCharacters(in: start, with: #""reviewsStart" : 999999999"#), index, "holds numbers no export writes"),
      (text.replacingOccurrences(of: #""shard" : 1"#, with: #""shard" : 7"#), index, "holds numbers no export writes"),
      (text, Data([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]), "holds a number too large"),
      (text, Data([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x01]), "holds a review beyond the catalog's 3"),
      (text, Data([0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]), "holds a review another shard holds"),
      ("{", index, "cannot be read as a shard's manifest"),
    ]
    let out = folder.appendingPathComponent("out")
    for damage in damages {
      try Data(damage.manifest.utf8).write(to: part.appendingPathComponent("shard.json"))
      try damage.index.write(to: part.appendingPathComponent("index"))
      let run = try ToolRunner.run(["merge", shards.path, "-o", out.path])
      #expect(run.status == 1)
      #expect(run.stderr.contains(damage.message), "\(run.stderr)")
      #expect(try StreamingExportTests.files(in: out).isEmpty)
    }
  }

  @Test func aFormatThatCannotBeShardedIsNamed() throws {
    let folder = try Fixtures.temporaryFolder()
    let catalog = Fixtures.url("catalogs/world-cinema.json").path
    let refused = try ToolRunner.run(["export", catalog, "-f", "json,xlsx", "--shard", "0/2", "-o", folder.path])
    #expect(refused.status != 0)
    #expect(refused.stderr.contains("xlsx cannot be written in shards"), "\(refused.stderr)")
    #expect(try StreamingExportTests.files(in: folder).isEmpty)
    // With no format named: every format that can, and a note naming the others.
    let all = try ToolRunner.run(["export", catalog, "--shard", "0/2", "-o", folder.path])
    #expect(all.status == 0, "\(all.stderr)")
    #expect(all.stderr.contains("note: not written in shards: sqlite, xlsx, jsonld, atom, markdown, html"), "\(all.stderr)")
    let parts = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("world-cinema.shard-0-of-2").path)
    #expect(parts.sorted() == ["csv", "csv-tables", "json", "jsonl", "xml", "yaml"])
    for bad in ["2/2", "1", "a/b", "-1/3", "0/0"] {
      let run = try ToolRunner.run(["export", catalog, "--shard", bad, "-o", folder.path])
      #expect(run.status == 64, "--shard \(bad)")
    }
  }

  @Test func everyShardReportsEveryProblemOfAnInvalidCatalog() throws {
    let folder = try Fixtures.temporaryFolder()
    let whole = try ToolRunner.run(["validate", Fixtures.url("invalid/many-problems.json").path])
    for index in 0..<2 {
      let run = try ToolRunner.run(
        ["export", Fixtures.url("invalid/many-problems.json").path, "-f", "json", "--shard", "\(index)/2", "-o", folder.path])
      #expect(run.status == 1)
      #expect(run.stderr == whole.stderr, "shard \(index) reports what validate reports")
    }
    #expect(try StreamingExportTests.files(in: folder).isEmpty)
  }

  @Test func aReviewsProblemNamesItsPlaceInTheCatalog() throws {
    let folder = try Fixtures.temporaryFolder()
    // Review 2 of the hostile catalog has a summary XML cannot carry.
    let shard = CatalogShard.number(of: "r2", count: 2)
    try #require(shard == 1, "shard 0 would stop at a person's name first")
    let run = try ToolRunner.run(
      ["export", Fixtures.url("catalogs/hostile-strings.json").path, "-f", "xml", "--shard", "\(shard)/2", "-o", folder.path])
    #expect(run.status == 1)
    #expect(run.stderr.contains("xml: reviews[2].summary: U+0000 cannot be written"), "\(run.stderr)")
  }

  /// Whether GNU parallel is on the PATH.
  static let hasParallel =
    (try? ReadmeExamplesTests.shell("parallel --version", in: FileManager.default.temporaryDirectory))?.stdout
    .hasPrefix("GNU parallel") ?? false

  @Test(.enabled(if: hasParallel, "GNU parallel is not installed: the sharding recipe of docs/sharding.md was not run"))
  func theGNUParallelRecipeRunsAsWritten() throws {
    let text = try String(contentsOf: Fixtures.root.appendingPathComponent("docs/sharding.md"), encoding: .utf8)
    let section = try #require(text.components(separatedBy: "\n## With GNU parallel\n").dropFirst().first)
    let block = try #require(section.components(separatedBy: "```sh\n").dropFirst().first?.components(separatedBy: "```").first)
    #expect(block.contains("--shard {}/3"), "the recipe uses three shards")
    let folder = try Fixtures.temporaryFolder()
    try FileManager.default.copyItem(at: Fixtures.url("catalogs/world-cinema.json"), to: folder.appendingPathComponent("catalog.json"))
    let run = try ReadmeExamplesTests.shell("set -e\n" + block, in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    let single = try ToolRunner.run(
      ["export", folder.appendingPathComponent("catalog.json").path, "-f", "json,yaml,xml,csv", "-o", folder.appendingPathComponent("single").path, "-q"])
    #expect(single.status == 0)
    let merged = try StreamingExportTests.files(in: folder.appendingPathComponent("out"))
    #expect(merged.count == 4)
    #expect(merged == (try StreamingExportTests.files(in: folder.appendingPathComponent("single"))))
  }

  @Test(.enabled(if: Python.canImport("pandas"), "python3's pandas is missing: the merged JSON Lines were not loaded by pandas"))
  func pandasLoadsTheMergedJSONLines() throws {
    let folder = try Fixtures.temporaryFolder()
    let catalog = try Self.largeCatalog(reviews: 1_000, in: folder)
    _ = try Self.singleAndMerged(catalog, count: 3, formats: "jsonl", in: folder)
    let script = #"""
      import json, sys
      import pandas as pd
      folder = sys.argv[1]
      reviews = pd.read_json(f"{folder}/reviews.jsonl", lines=True, dtype=False)
      chunks = sum(len(c) for c in pd.read_json(f"{folder}/reviews.jsonl", lines=True, chunksize=128, dtype=False))
      works = pd.read_json(f"{folder}/works.jsonl", lines=True, dtype=False)
      print(json.dumps({"rows": len(reviews), "chunked": chunks, "ids": reviews["id"].tolist(),
                        "columns": list(reviews.columns), "works": len(works)}))
      """#
    let (status, output) = try Python.run(script, arguments: [folder.appendingPathComponent("merged/large.jsonl").path])
    #expect(status == 0, "\(output)")
    let result = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    let expected = try StreamingExportTests.largeCatalog(reviews: 1_000)
    #expect(result["rows"] as? Int == 1_000)
    #expect(result["chunked"] as? Int == 1_000)
    #expect(result["ids"] as? [String] == expected.reviews.map(\.id))
    #expect((result["columns"] as? [String])?.prefix(3) == ["id", "work", "critic"])
    #expect(result["works"] as? Int == expected.works.count)
  }
}

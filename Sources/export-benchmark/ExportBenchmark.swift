import ArgumentParser
import Foundation
import JSONFormat
import ReviewCatalog
import ReviewExporting

/// `export-benchmark`: makes large catalogs and measures `review-export` on
/// them (release builds only mean anything: `swift run -c release export-benchmark …`).
@main
struct ExportBenchmark: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export-benchmark",
    abstract: "Make large review catalogs and measure review-export's throughput and peak memory.",
    subcommands: [Generate.self, Run.self])

  /// `generate`: writes a catalog of N reviews in the canonical shape.
  struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a deterministic catalog of N reviews as canonical JSON.")

    @Option(help: "How many reviews.") var reviews = 10_000
    @Option(help: "The seed: the same seed gives the same bytes.") var seed: UInt64 = 1
    @Option(name: .shortAndLong, help: "The file to write.") var output: String

    func run() throws {
      try ExportBenchmark.generate(reviews: reviews, seed: seed, to: output)
    }
  }

  /// `run`: times each format, and all of them together, on a catalog.
  struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Time review-export on a catalog: writing each format alone, then all together; then reading each input format.")

    @Option(help: "The review-export to measure (default: the one beside this tool).") var tool: String?
    @Option(help: "A catalog to use; otherwise one of --reviews reviews is made.") var catalog: String?
    @Option(help: "Reviews in the generated catalog.") var reviews = 100_000
    @Option(help: "Formats to time, comma-separated.") var formats = "json,xml,yaml,csv"
    @Option(help: "Runs per measurement; the median is reported.") var runs = 3
    @Option(help: "Input formats to time reading (validate) of, comma-separated: the catalog exported to each first.")
    var readFormats = "json,yaml,xml,csv-tables,jsonl,sqlite"

    func run() throws {
      let toolPath = tool ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("review-export").path
      let work = FileManager.default.temporaryDirectory.appendingPathComponent("export-benchmark-\(getpid())")
      try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(at: work) }
      let input = catalog ?? work.appendingPathComponent("catalog-\(reviews).json").path
      if catalog == nil {
        print("generating \(reviews) reviews…")
        try ExportBenchmark.generate(reviews: reviews, seed: 1, to: input)
      }
      let size = Double(try FileManager.default.attributesOfItem(atPath: input)[.size] as! Int)
      let reviewCount = catalog == nil ? reviews : try ExportBenchmark.countReviews(input)
      print("catalog: \(input), \(String(format: "%.1f", size / 1_000_000)) MB, \(reviewCount) reviews; median of \(runs) runs\n")
      print("| formats | time (s) | MB/s of input | reviews/s | peak RSS (MiB) |")
      print("|---|---|---|---|---|")
      let selections = formats.split(separator: ",").map(String.init) + [formats]
      for selection in selections {
        var samples: [(Double, Int)] = []
        for _ in 0..<runs {
          let output = work.appendingPathComponent("out")
          samples.append(try ExportBenchmark.measure(toolPath, ["export", input, "--format", selection, "--output", output.path, "--quiet"]))
          try? FileManager.default.removeItem(at: output)
        }
        let seconds = samples.map(\.0).sorted()[runs / 2]
        let rss = samples.map(\.1).max()!
        print(
          "| \(selection) | \(String(format: "%.2f", seconds)) | \(String(format: "%.0f", size / 1_000_000 / seconds)) | \(String(format: "%.0f", Double(reviewCount) / seconds)) | \(rss / 1024) |"
        )
      }
      try measureReading(toolPath, input: input, reviewCount: reviewCount, in: work)
    }

    /// Times `validate` of the catalog in each of `readFormats`, each made by exporting it first.
    func measureReading(_ toolPath: String, input: String, reviewCount: Int, in work: URL) throws {
      let formats = readFormats.split(separator: ",").map(String.init).filter { !$0.isEmpty }
      guard !formats.isEmpty else { return }
      print("\n| reading (validate) | input (MB) | time (s) | MB/s | reviews/s | peak RSS (MiB) |")
      print("|---|---|---|---|---|---|")
      let folder = work.appendingPathComponent("inputs")
      for format in formats {
        let extensions = ["csv-tables": "tables"]
        let path = folder.appendingPathComponent("catalog.\(extensions[format] ?? format)").path
        if format == "json" {
          try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
          try? FileManager.default.removeItem(atPath: path)
          try FileManager.default.copyItem(atPath: input, toPath: path)
        } else {
          _ = try ExportBenchmark.measure(toolPath, ["export", input, "--format", format, "--output", path, "--quiet", "--no-fsync"])
        }
        let bytes = ExportBenchmark.size(of: path)
        var samples: [(Double, Int)] = []
        for _ in 0..<runs { samples.append(try ExportBenchmark.measure(toolPath, ["validate", path], silencingOutput: true)) }
        let seconds = samples.map(\.0).sorted()[runs / 2]
        let rss = samples.map(\.1).max()!
        print(
          "| \(format) | \(String(format: "%.1f", bytes / 1_000_000)) | \(String(format: "%.2f", seconds)) | \(String(format: "%.0f", bytes / 1_000_000 / seconds)) | \(String(format: "%.0f", Double(reviewCount) / seconds)) | \(rss / 1024) |"
        )
        try? FileManager.default.removeItem(atPath: path)
      }
    }
  }

  /// The size of a file, or of every file in a folder, in bytes.
  static func size(of path: String) -> Double {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return 0 }
    guard isFolder.boolValue else { return Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    return names.reduce(0) { $0 + size(of: (path as NSString).appendingPathComponent($1)) }
  }

  /// Writes the catalog part by part, holding only its people and works.
  static func generate(reviews: Int, seed: UInt64, to path: String) throws {
    let generator = CatalogGenerator(reviews: reviews, seed: seed)
    let head = generator.head()
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    guard let handle = FileHandle(forWritingAtPath: path) else { throw ValidationError("cannot write \(path)") }
    defer { try? handle.close() }
    let sink = ByteSink(fileDescriptor: handle.fileDescriptor)
    // The JSON exporter, fed part by part: the reviews are made one at a time.
    let json = JSONExporter()
    let output = ExportDestination(sink: sink, options: try json.format.resolveOptions([:]))
    var writer = try json.begin(Catalog(formatVersion: head.formatVersion, info: head.info), to: output)
    for person in head.people { try writer.write(person) }
    for work in head.works { try writer.write(work) }
    for index in 0..<reviews { try writer.write(generator.review(index)) }
    try writer.finish()
    try sink.flush()
  }

  /// Counts the reviews of a catalog file, streaming it: the benchmark's own
  /// memory must stay small, as a spawned child's peak starts from it.
  static func countReviews(_ path: String) throws -> Int {
    guard let stream = try JSONReader().openStream(atPath: path, name: path) else {
      let source = CatalogSource(name: path, bytes: try MappedFile.readAll(path))
      return try JSONReader().read(source).catalog.reviews.count
    }
    var count = 0
    while let item = try stream.next() {
      if case .review = item { count += 1 }
      if count % 4096 == 0 { stream.releaseConsumedInput() }
    }
    return count
  }

  /// Runs a program; returns its wall time in seconds and its peak resident memory in KiB.
  static func measure(_ program: String, _ arguments: [String], silencingOutput: Bool = false) throws -> (Double, Int) {
    let argv = ([program] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if silencingOutput { posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0) }
    let start = DispatchTime.now()
    guard posix_spawn(&pid, program, &actions, nil, argv, environ) == 0 else { throw ValidationError("cannot run \(program)") }
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    guard status == 0 else { throw ValidationError("\(program) \(arguments.joined(separator: " ")) failed with status \(status)") }
    return (seconds, usage.ru_maxrss)
  }
}

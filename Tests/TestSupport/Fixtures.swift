import Foundation
import ReviewCatalog
import ReviewExporting

/// Paths to the package's fixtures and helpers to read them.
public enum Fixtures {
  /// The package's root folder.
  public static let root: URL = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url
  }()

  /// A file under `Fixtures/`.
  public static func url(_ relativePath: String) -> URL {
    root.appendingPathComponent("Fixtures").appendingPathComponent(relativePath)
  }

  /// The bytes of a file under `Fixtures/`.
  public static func bytes(_ relativePath: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: url(relativePath)))
  }

  /// The names (without extension) of the files in a fixture folder with an extension.
  public static func names(in folder: String, withExtension ext: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: url(folder).path)
      .filter { $0.hasSuffix("." + ext) }
      .map { String($0.dropLast(ext.count + 1)) }
      .sorted()
  }

  /// Compares `actual` with the golden file at `relativePath`; with
  /// `RECORD_GOLDEN=1` in the environment, writes it instead.
  public static func matchesGolden(_ actual: [UInt8], _ relativePath: String) throws -> Bool {
    try goldenDifference(actual, relativePath) == nil
  }

  /// `nil` when `actual` has exactly the bytes of the golden file at
  /// `relativePath`; otherwise where they first differ, as a diff of the
  /// lines around it, so that a failing test shows what changed. With
  /// `RECORD_GOLDEN=1`, writes `actual` as the golden file first.
  public static func goldenDifference(_ actual: [UInt8], _ relativePath: String) throws -> String? {
    if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
      try FileManager.default.createDirectory(
        at: url(relativePath).deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(actual).write(to: url(relativePath))
    }
    let expected = try bytes(relativePath)
    guard expected != actual else { return nil }
    let old = String(decoding: expected, as: UTF8.self).components(separatedBy: "\n")
    let new = String(decoding: actual, as: UTF8.self).components(separatedBy: "\n")
    let first = zip(old, new).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(old.count, new.count)
    var lines = ["\(relativePath) differs from line \(first + 1) (\(expected.count) bytes expected, \(actual.count) written):"]
    for index in max(0, first - 2)..<min(old.count, first + 3) { lines.append("- \(old[index])") }
    for index in max(0, first - 2)..<min(new.count, first + 3) { lines.append("+ \(new[index])") }
    lines.append("(RECORD_GOLDEN=1 swift test records the new output, if it is right.)")
    return lines.joined(separator: "\n")
  }

  /// A file's bytes, or a folder's files by name (a file's under the name "").
  public static func contents(of url: URL) throws -> [String: Data] {
    var isFolder: ObjCBool = false
    _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
    guard isFolder.boolValue else { return ["": try Data(contentsOf: url)] }
    var files: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: url.path) {
      files[name] = try Data(contentsOf: url.appendingPathComponent(name))
    }
    return files
  }

  /// A fresh temporary folder, inside this test run's own folder (which
  /// goes when the run ends).
  public static func temporaryFolder() throws -> URL {
    let url = temporaryRoot.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// The folder every temporary folder of this test process is made in,
  /// removed when the process exits: a run makes a thousand or more (and
  /// the fixture packages' builds), which would otherwise pile up in the
  /// system's temporary folder run after run. A run that crashes leaves
  /// its folder, named after the process, for a look.
  static let temporaryRoot: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("review-export-tests-\(getpid())-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: Fixtures.temporaryRoot) }
    return url
  }()

  /// `catalog` with its reviews replaced by `count` copies of its first,
  /// ids `review-0`, `review-1`, …, each with `headline`.
  public static func copies(of catalog: Catalog, reviews count: Int, headline: String) -> Catalog {
    var catalog = catalog
    let template = catalog.reviews[0]
    catalog.reviews = (0..<count).map { index in
      var review = template
      review.id = "review-\(index)"
      review.headline = headline
      return review
    }
    return catalog
  }
}

/// Runs exporters in memory.
public enum Render {
  /// The bytes `exporter` writes for `catalog` with the given option texts.
  public static func bytes(
    _ exporter: any Exporter, _ catalog: Catalog, options: [String: String] = [:]
  ) throws -> [UInt8] {
    let output = ExportDestination(sink: .memory(), options: try exporter.format.resolveOptions(options))
    try exporter.export(catalog, to: output)
    return output.sink.bytes
  }
}

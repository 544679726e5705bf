import Foundation
import ReviewExporting

/// Finds external exporters: programs named `review-export-<name>` in the
/// given folders, asked to `describe` themselves.
public enum ExternalFormats {
  /// The external exporter protocol's version this tool speaks.
  public static let protocolVersion = 1
  /// The prefix of every external exporter's file name.
  public static let prefix = "review-export-"

  /// What discovery found: usable exporters, and a note for each program
  /// that was found but cannot be used, by format name.
  public struct Discovery: Sendable {
    /// The exporters, in search order.
    public var exporters: [ExternalExporter] = []
    /// Why each refused program was refused, by the format name it would have had.
    public var refused: [(name: String, reason: String)] = []
  }

  /// The folders to search, in order: `exporterPaths`, then the folders of
  /// the `REVIEW_EXPORT_EXPORTER_PATH` variable (and of its older name
  /// `REVIEW_EXPORT_PLUGIN_PATH`), then `PATH`'s.
  public static func searchPath(exporterPaths: [String], environment: [String: String]) -> [String] {
    let variables = ["REVIEW_EXPORT_EXPORTER_PATH", "REVIEW_EXPORT_PLUGIN_PATH"].flatMap {
      (environment[$0] ?? "").split(separator: ":").map(String.init)
    }
    let path = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
    var seen = Set<String>()
    return (exporterPaths + variables + path).filter { !$0.isEmpty && seen.insert($0).inserted }
  }

  /// The most a program's `describe` may print.
  public static let describeLimit = 64 * 1024

  /// Finds every `review-export-<name>` program in `folders` and asks those
  /// named in `wanted` (every one, when it is `nil`) to describe themselves;
  /// the first of a name wins. Names of built-in formats are refused; when
  /// every name wanted is a built-in format, no folder is listed at all.
  ///
  /// Each `describe` has `describeTimeout` seconds and ``describeLimit``
  /// bytes; a program that takes longer or prints more is refused.
  public static func discover(
    in folders: [String], reserved: Set<String>, wanted: Set<String>? = nil, describeTimeout: Double = 5,
    exportTimeout: Double, canonicalJSON: any Exporter
  ) -> Discovery {
    var discovery = Discovery()
    // Only built-in formats wanted: no folder needs listing (listing every
    // folder of a long PATH cost a few milliseconds at every run).
    if let wanted, wanted.isSubset(of: reserved) { return discovery }
    var taken = Set<String>()
    let fileManager = FileManager.default
    for folder in folders {
      guard let entries = try? fileManager.contentsOfDirectory(atPath: folder) else { continue }
      for entry in entries.sorted() where entry.hasPrefix(prefix) && entry.count > prefix.count {
        let name = String(entry.dropFirst(prefix.count))
        guard !taken.contains(name), wanted?.contains(name) ?? true else { continue }
        taken.insert(name)
        let path = (folder as NSString).appendingPathComponent(entry)
        if reserved.contains(name) {
          discovery.refused.append((name, "\(path) is refused: '\(name)' is a built-in format; rename the program"))
          continue
        }
        guard fileManager.isExecutableFile(atPath: path) else {
          discovery.refused.append((name, "\(path) is not executable; run chmod +x on it"))
          continue
        }
        do {
          let format = try describe(path, expectedName: name, timeout: describeTimeout)
          discovery.exporters.append(
            ExternalExporter(format: format, executable: path, timeout: exportTimeout, canonicalJSON: canonicalJSON))
        } catch {
          discovery.refused.append((name, "\(path): \(error)"))
        }
      }
    }
    return discovery
  }

  /// Runs `<program> describe` and checks what it says.
  static func describe(_ path: String, expectedName: String, timeout: Double) throws -> FormatDescriptor {
    let output = Box(Data())
    var runner = ProgramRunner(executable: path, arguments: ["describe"], timeout: timeout)
    runner.outputLimit = describeLimit
    let outcome = try runner.run(input: Data()) { output.value += $0 }
    if outcome.outputTruncated {
      throw ExportError("'describe' printed more than \(describeLimit / 1024) KiB; a description is one short JSON object")
    }
    guard let status = outcome.status else { throw ExportError("'describe' did not finish within \(ExternalExporter.seconds(timeout))") }
    guard status == 0, !outcome.signaled else {
      throw ExportError(
        "'describe' failed with exit status \(status)\(outcome.stderr.isEmpty ? "" : ": " + outcome.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
    }
    return try ExternalDescription.parse(output.value, expectedName: expectedName)
  }
}

import Foundation
import ReviewCatalog
import ReviewExporting

/// A format provided by a program, `review-export-<name>`, speaking the
/// external exporter protocol (docs/external-exporters.md): it reads the
/// canonical JSON catalog on standard input and writes its output on
/// standard output.
public struct ExternalExporter: Exporter {
  /// The format, as the program's `describe` reported it.
  public let format: FormatDescriptor
  /// The program's path.
  public let executable: String
  /// How long an export may take, in seconds, before the program is killed.
  public var timeout: Double
  /// Writes the canonical JSON the program reads.
  private let canonicalJSON: any Exporter

  /// Creates an exporter for a program already described.
  public init(format: FormatDescriptor, executable: String, timeout: Double, canonicalJSON: any Exporter) {
    self.format = format
    self.executable = executable
    self.timeout = timeout
    self.canonicalJSON = canonicalJSON
  }

  /// Runs `<program> export --option KEY=VALUE …` with the catalog on standard input.
  public func export(_ catalog: Catalog, to output: ExportDestination) throws {
    let json = ExportDestination(sink: .memory(), options: try canonicalJSON.format.resolveOptions([:]))
    try canonicalJSON.export(catalog, to: json)
    var arguments = ["export"]
    for (name, value) in output.options.values.sorted(by: { $0.key < $1.key }) {
      arguments += ["--option", "\(name)=\(value)"]
    }
    let sink = SinkBox(output.sink)
    let runner = ProgramRunner(executable: executable, arguments: arguments, timeout: timeout)
    let outcome = try runner.run(input: Data(json.sink.bytes), isCancelled: { output.isCancelled }) { chunk in
      try chunk.withUnsafeBytes { try sink.sink.write($0) }
    }
    let name = (executable as NSString).lastPathComponent
    var excerpt = outcome.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
    if outcome.stderrTruncated { excerpt += " […]" }
    let said = excerpt.isEmpty ? "" : ": \(excerpt)"
    if outcome.cancelled { throw ExportError("\(name) was stopped: another output of the export failed\(said)") }
    guard let status = outcome.status else {
      throw ExportError("\(name) did not finish within \(Self.seconds(timeout)) and was stopped\(said)")
    }
    if outcome.signaled { throw ExportError("\(name) crashed (signal \(status))\(said)") }
    if status != 0 { throw ExportError("\(name) failed with exit status \(status)\(said)") }
    for line in excerpt.split(separator: "\n") where !excerpt.isEmpty { output.warn(String(line)) }
  }

  static func seconds(_ value: Double) -> String {
    Int64(exactly: value).map { "\($0) s" } ?? "\(value) s"
  }
}

/// Hands the sink to the thread that drains the program's output; only that
/// thread writes to it while the program runs.
private final class SinkBox: @unchecked Sendable {
  let sink: ByteSink
  init(_ sink: ByteSink) { self.sink = sink }
}

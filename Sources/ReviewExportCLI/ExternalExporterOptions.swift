import ArgumentParser
import ExternalFormat
import Foundation
import JSONFormat
import ReviewExporting

/// The options that find external exporters (programs named
/// `review-export-<name>`), shared by the commands that list or run formats.
/// "Plugin" names the SwiftPM plugins only; the older `--plugin-path`,
/// `--plugin-timeout` and `REVIEW_EXPORT_PLUGIN_PATH` are still accepted.
struct ExternalExporterOptions: ParsableArguments {
  @Option(
    name: [.customLong("exporter-path"), .customLong("plugin-path")],
    help: ArgumentHelp(
      "A folder of external exporters (programs named review-export-<name>); repeatable. Searched before REVIEW_EXPORT_EXPORTER_PATH and PATH.",
      valueName: "folder"))
  var exporterPaths: [String] = []

  @Option(
    name: [.customLong("exporter-timeout"), .customLong("plugin-timeout")],
    help: "Seconds an external exporter may run before it is stopped.")
  var exporterTimeout: Double = 60

  func validate() throws {
    guard exporterTimeout > 0 else { throw ValidationError("--exporter-timeout must be more than 0 seconds") }
  }

  /// The tool's formats plus the external ones found, and the programs
  /// refused. Only programs whose format is in `wanted` are asked to
  /// describe themselves (all of them when it is `nil`).
  func registry(wanted: Set<String>? = nil) -> (FormatRegistry, ExternalFormats.Discovery) {
    var registry = ToolContext.registry
    let folders = ExternalFormats.searchPath(exporterPaths: exporterPaths, environment: ProcessInfo.processInfo.environment)
    var discovery = ExternalFormats.discover(
      in: folders, reserved: Set(registry.exporters.map(\.format.name)), wanted: wanted, exportTimeout: exporterTimeout,
      canonicalJSON: JSONExporter())
    var usable: [ExternalExporter] = []
    for exporter in discovery.exporters {
      do {
        try registry.register(exporter)
        usable.append(exporter)
      } catch {
        discovery.refused.append((exporter.format.name, "\(exporter.executable): \(error)"))
      }
    }
    discovery.exporters = usable
    return (registry, discovery)
  }
}

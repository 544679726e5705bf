import ArgumentParser
import ExternalFormat
import Foundation
import JSONFormat
import ReviewExporting

/// The options that find external exporters, shared by the commands that list or run formats.
struct PluginOptions: ParsableArguments {
  @Option(
    name: .customLong("plugin-path"),
    help: ArgumentHelp(
      "A folder of external exporters (programs named review-export-<name>); repeatable. Searched before REVIEW_EXPORT_PLUGIN_PATH and PATH.",
      valueName: "folder"))
  var pluginPaths: [String] = []

  @Option(name: .customLong("plugin-timeout"), help: "Seconds an external exporter may run before it is stopped.")
  var pluginTimeout: Double = 60

  func validate() throws {
    guard pluginTimeout > 0 else { throw ValidationError("--plugin-timeout must be more than 0 seconds") }
  }

  /// The tool's formats plus the external ones found, and the programs
  /// refused. Only programs whose format is in `wanted` are asked to
  /// describe themselves (all of them when it is `nil`).
  func registry(wanted: Set<String>? = nil) -> (FormatRegistry, ExternalFormats.Discovery) {
    var registry = ToolContext.registry
    let folders = ExternalFormats.searchPath(pluginPaths: pluginPaths, environment: ProcessInfo.processInfo.environment)
    var discovery = ExternalFormats.discover(
      in: folders, reserved: Set(registry.exporters.map(\.format.name)), wanted: wanted, exportTimeout: pluginTimeout,
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

import ArgumentParser
import Foundation
import ReviewCatalog
import ReviewExporting

/// The `review-export` command-line tool, for running from a `main.swift`.
///
/// The tool in this package is one line:
/// ```swift
/// ReviewExportTool.main()
/// ```
/// A package that adds its own formats ships its own tool, with every
/// built-in format plus its own:
/// ```swift
/// ReviewExportTool.main(adding: [ICalendarExporter()])
/// ```
public enum ReviewExportTool {
  /// The tool's version.
  public static let version = "0.1.0"

  /// Runs the tool with the built-in formats plus `exporters` and `readers`,
  /// then exits with the tool's exit code.
  ///
  /// Exit codes: 0 on success; 1 for an invalid catalog or a failed export;
  /// 64 for a usage error (unknown command, format or option).
  public static func main(adding exporters: [any Exporter] = [], readers: [any CatalogReader] = []) -> Never {
    // Writing to a closed pipe (an external exporter that stopped reading, or
    // `review-export … --stdout | head`) must be an error, not a silent death.
    signal(SIGPIPE, SIG_IGN)
    // An interrupted export leaves no temporary file and no running child behind.
    Interruption.install()
    AllocatorSettings.apply()
    do {
      var registry = try BuiltInFormats.registry()
      for exporter in exporters { try registry.register(exporter) }
      for reader in readers { registry.register(reader) }
      ToolContext.registry = registry
    } catch {
      FileHandle.standardError.write(Data("review-export: error: \(error)\n".utf8))
      exit(1)
    }
    let arguments = Array(CommandLine.arguments.dropFirst())
    if let first = arguments.first, !first.hasPrefix("-") {
      let names = ReviewExportCommand.configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
      if !names.contains(first) {
        let suggestion = ObjectShape.nearest(to: first, among: names).map { "; did you mean '\($0)'?" } ?? ""
        FileHandle.standardError.write(
          Data(
            "Error: unknown command \(ScalarRules.quoted(first))\(suggestion)\nUsage: review-export <subcommand>\n  See 'review-export --help' for the commands.\n"
              .utf8))
        exit(64)
      }
    }
    ReviewExportCommand.main()
    exit(0)
  }
}

/// The formats the running tool knows, set once before arguments are parsed.
enum ToolContext {
  private static let lock = NSLock()
  nonisolated(unsafe) private static var storedRegistry: FormatRegistry?

  static var registry: FormatRegistry {
    get {
      lock.lock()
      defer { lock.unlock() }
      if let storedRegistry { return storedRegistry }
      // Used as a library without `ReviewExportTool.main`: the built-in formats.
      let registry = (try? BuiltInFormats.registry()) ?? (try! FormatRegistry())
      storedRegistry = registry
      return registry
    }
    set {
      lock.lock()
      storedRegistry = newValue
      lock.unlock()
    }
  }
}

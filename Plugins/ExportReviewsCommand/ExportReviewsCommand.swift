import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory export-reviews
/// [--target T]… [--format F]… [--option FORMAT.KEY=VALUE]… [--output DIR]`:
/// exports the package's review catalogs into a folder of the package.
@main
struct ExportReviewsCommand: CommandPlugin {
  static let help = """
    OVERVIEW: Export the package's review catalogs into a folder of the package.

    USAGE: swift package --allow-writing-to-package-directory export-reviews [<options>]

    Catalogs are each target's *.reviews.json, *.reviews.yaml and *.reviews.yml
    files, and those its review-export.yml lists, with that file's formats and
    options (json, xml, yaml and csv by default).

    OPTIONS:
      --target <target>        A target whose catalogs to export; repeatable (default: every target).
      --format <formats>       Formats to write, comma-separated; repeatable (see 'review-export formats').
      --option <format.key=value>
                               A format option; repeatable. It must be for a selected format.
      --output <folder>        The folder to write into, relative to the package (default: exports).
      -h, --help               Show this help.
    """

  func performCommand(context: PluginContext, arguments: [String]) async throws {
    if arguments.contains("--help") || arguments.contains("-h") {
      print(Self.help)
      return
    }
    var extractor = ArgumentExtractor(arguments)
    let targetNames = extractor.extractOption(named: "target")
    let formats = extractor.extractOption(named: "format")
    let options = extractor.extractOption(named: "option")
    let output = extractor.extractOption(named: "output").last ?? "exports"
    guard extractor.remainingArguments.isEmpty else {
      throw CommandError(
        "unexpected arguments: \(extractor.remainingArguments.joined(separator: " ")); export-reviews takes --target, --format, --option and --output (see --help)"
      )
    }
    let targets = targetNames.isEmpty ? context.package.targets : try context.package.targets(named: targetNames)
    let tool = try context.tool(named: "review-export")
    let folder = context.package.directoryURL.appendingPathComponent(output)
    var plans: [(SourceModuleTarget, ExportPlan)] = []
    for case let target as SourceModuleTarget in targets {
      plans.append(
        (
          target,
          try ExportPlan(
            directory: target.directoryURL, files: target.sourceFiles.map(\.url), formatsOverride: formats, optionsOverride: options)
        ))
    }
    // As the command line does: an option for a format that is not exported is an error.
    let selected = Set(plans.flatMap { $0.1.catalogs.flatMap(\.formats) }.map { $0.lowercased() })
    for option in options {
      guard let dot = option.firstIndex(of: "."), option.contains("=") else {
        throw CommandError("--option '\(option)' must look like FORMAT.KEY=VALUE, for example json.indent=4")
      }
      let format = option[..<dot].lowercased()
      if !selected.isEmpty && !selected.contains(format) {
        throw CommandError("--option '\(option)' is for format '\(format)', which is not selected; add it to --format or drop the option")
      }
    }
    var exported = 0
    for (target, plan) in plans {
      for catalog in plan.catalogs {
        let destination = targets.count > 1 || targetNames.isEmpty ? folder.appendingPathComponent(target.name) : folder
        // What the tool wrote, or left as it was, in its own words.
        let report = try run(tool.url, catalog.arguments(into: destination).filter { $0 != "--quiet" })
        for line in report where line.hasPrefix("wrote ") || line.hasPrefix("unchanged ") || line.hasPrefix("note: ") {
          print(line)
        }
        exported += 1
      }
    }
    if exported == 0 {
      print("no review catalogs found (files named *.reviews.json, *.reviews.yaml or *.reviews.yml, or listed in review-export.yml)")
    }
  }

  /// Runs the tool; returns the lines it printed on standard error.
  private func run(_ tool: URL, _ arguments: [String]) throws -> [String] {
    let process = Process()
    process.executableURL = tool
    process.arguments = arguments
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      Diagnostics.error(message.trimmingCharacters(in: .newlines))
      throw CommandError("review-export failed (exit status \(process.terminationStatus))")
    }
    return message.split(separator: "\n").map(String.init)
  }
}

struct CommandError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

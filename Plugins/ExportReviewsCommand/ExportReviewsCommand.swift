import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory export-reviews
/// [--target T]… [--format F]… [--option FORMAT.KEY=VALUE]… [--output DIR]`:
/// exports the package's review catalogs into a folder of the package.
@main
struct ExportReviewsCommand: CommandPlugin {
  func performCommand(context: PluginContext, arguments: [String]) async throws {
    var extractor = ArgumentExtractor(arguments)
    let targetNames = extractor.extractOption(named: "target")
    let formats = extractor.extractOption(named: "format")
    let options = extractor.extractOption(named: "option")
    let output = extractor.extractOption(named: "output").last ?? "exports"
    guard extractor.remainingArguments.isEmpty else {
      throw CommandError("unexpected arguments: \(extractor.remainingArguments.joined(separator: " ")); export-reviews takes --target, --format, --option and --output")
    }
    let targets = targetNames.isEmpty ? context.package.targets : try context.package.targets(named: targetNames)
    let tool = try context.tool(named: "review-export")
    let folder = context.package.directoryURL.appendingPathComponent(output)
    var wrote = 0
    for case let target as SourceModuleTarget in targets {
      let plan = try ExportPlan(
        directory: target.directoryURL, files: target.sourceFiles.map(\.url), formatsOverride: formats, optionsOverride: options)
      for catalog in plan.catalogs {
        let destination = targets.count > 1 || targetNames.isEmpty ? folder.appendingPathComponent(target.name) : folder
        try run(tool.url, catalog.arguments(into: destination))
        for format in catalog.formats {
          print("wrote \(destination.appendingPathComponent("\(catalog.name).\(format)").path)")
          wrote += 1
        }
      }
    }
    if wrote == 0 {
      print("no review catalogs found (files named *.reviews.json, *.reviews.yaml or *.reviews.yml, or listed in review-export.yml)")
    }
  }

  private func run(_ tool: URL, _ arguments: [String]) throws {
    let process = Process()
    process.executableURL = tool
    process.arguments = arguments
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      Diagnostics.error(message)
      throw CommandError("review-export failed (exit status \(process.terminationStatus))")
    }
  }
}

struct CommandError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

import Foundation
import PackagePlugin

/// Exports the review catalogs of a target at build time, as resources of the
/// target, with typed accessors (`ReviewExports.worldCinema.xml`).
///
/// The plugin only works out inputs and outputs; `review-export` does the
/// exporting. Catalogs are the target's `*.reviews.json`, `*.reviews.yaml`
/// and `*.reviews.yml` files, plus those a `review-export.yml` beside them
/// lists. Each becomes one build command with its inputs and outputs
/// declared, so an unchanged catalog is not exported again.
@main
struct ReviewExportPlugin: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
    guard let target = target as? SourceModuleTarget else { return [] }
    let files = target.sourceFiles.map(\.url)
    let plan = try ExportPlan(directory: target.directoryURL, files: files)
    guard !plan.catalogs.isEmpty else { return [] }
    let tool = try context.tool(named: "review-export")
    let folder = context.pluginWorkDirectoryURL.appendingPathComponent("Resources")
    var commands: [Command] = []
    for catalog in plan.catalogs {
      commands.append(
        .buildCommand(
          displayName: "Exporting \(catalog.input.lastPathComponent) to \(catalog.formats.joined(separator: ", "))",
          executable: tool.url,
          arguments: catalog.arguments(into: folder),
          inputFiles: [catalog.input] + (plan.config.map { [$0] } ?? []),
          outputFiles: catalog.formats.map { folder.appendingPathComponent("\(catalog.name).\($0)") }))
    }
    let accessors = context.pluginWorkDirectoryURL.appendingPathComponent("ReviewExports.swift")
    // SwiftPM never removes a file from a resource bundle once copied there
    // (swiftlang/swift-package-manager#8426): the tool removes the exports
    // that are no longer planned, from the plugin's folder and the bundle.
    let work = context.pluginWorkDirectoryURL.path
    let scratch = work.range(of: "/plugins/outputs/").map { String(work[..<$0.lowerBound]) }
    // A target that depends on ReviewFormats gets ReviewExports.….catalog().
    let reads = target.dependencies.contains { dependency in
      if case .product(let product) = dependency { return product.name == "ReviewFormats" }
      return false
    }
    let cleanup =
      ["--resources-folder", folder.path]
      + (scratch.map { ["--build-folder", $0, "--bundle-name", "\(context.package.displayName)_\(target.name)"] } ?? [])
    commands.append(
      .buildCommand(
        displayName: "Generating ReviewExports.swift",
        executable: tool.url,
        arguments: ["generate-accessors", "--output", accessors.path, "--target-directory", target.directoryURL.path] + cleanup
          + (reads ? ["--typed-load"] : [])
          + plan.catalogs.flatMap { ["--resource", "\($0.name)=\($0.formats.joined(separator: ","))"] },
        inputFiles: plan.config.map { [$0] } ?? [],
        outputFiles: [accessors]))
    return commands
  }
}

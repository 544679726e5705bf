import ArgumentParser
import Foundation
import ReviewExporting
import TemplateFormat

/// The options that add template formats: a template file, or folders of template formats.
struct TemplateOptions: ParsableArguments {
  @Option(
    name: .customLong("template"),
    help: ArgumentHelp(
      "Export with a Mustache template, named <name>.<extension>.mustache; .mustache files beside it are its partials. Repeatable.",
      valueName: "file"))
  var templates: [String] = []

  @Option(
    name: .customLong("template-path"),
    help: ArgumentHelp(
      "A folder of template formats (folders with a template.json); repeatable. Searched with REVIEW_EXPORT_TEMPLATE_PATH.",
      valueName: "folder"))
  var templatePaths: [String] = []

  /// The template formats of the template path, and why any were refused.
  func discovered() -> (formats: [TemplateExporter], problems: [String]) {
    let variable = (ProcessInfo.processInfo.environment["REVIEW_EXPORT_TEMPLATE_PATH"] ?? "").split(separator: ":").map(String.init)
    return TemplateExporter.discover(in: templatePaths + variable)
  }

  /// The formats of the `--template` files, each selected by its name.
  func files() throws -> [TemplateExporter] {
    try templates.map { try TemplateExporter.load(file: $0) }
  }
}

extension ToolContext {
  /// The tool's formats plus the external and template ones the options find,
  /// a warning for each one refused, and the refused external formats by name.
  static func registry(
    exporters: ExternalExporterOptions, templates: TemplateOptions, externalFormats wanted: Set<String>? = nil
  ) -> (FormatRegistry, problems: [String], refused: [(name: String, reason: String)]) {
    let (base, discovery) = exporters.registry(wanted: wanted)
    var registry = base
    var problems = discovery.refused.map { "external format '\($0.name)' is not available: \($0.reason)" }
    let (formats, templateProblems) = templates.discovered()
    problems += templateProblems.map { "template format not available: \($0)" }
    for format in formats {
      do { try registry.register(format) } catch { problems.append("template format not available: \(error)") }
    }
    return (registry, problems, discovery.refused)
  }
}

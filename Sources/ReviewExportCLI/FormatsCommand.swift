import ArgumentParser
import ExternalFormat
import ReviewExporting

/// `review-export formats`: lists every format with its options.
struct FormatsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "formats",
    abstract: "List the formats, their file extensions and their options."
  )

  @OptionGroup(title: "External exporters")
  var plugins: PluginOptions

  @OptionGroup(title: "Templates")
  var templates: TemplateOptions

  func run() {
    let (registry, problems, _) = ToolContext.registry(plugins: plugins, templates: templates)
    for (index, exporter) in registry.exporters.enumerated() {
      let format = exporter.format
      if index > 0 { print("") }
      let readable = registry.readers.contains { $0.formatName == format.name }
      let external = (exporter as? ExternalExporter).map { ", external: \($0.executable)" } ?? ""
      let ext = format.layout == .directory ? "<name>.\(format.fileExtension)/" : ".\(format.fileExtension)"
      print("\(format.name)  (\(ext), \(format.mediaType)\(readable ? ", also read as input" : "")\(external))")
      print("  \(format.summary)")
      if format.options.isEmpty {
        print("  no options")
      }
      for option in format.options {
        print("  --option \(format.name).\(option.name)=<\(option.typeDescription)>  (default: \(option.defaultValue))")
        print("      \(option.help)")
      }
    }
    for problem in problems {
      StandardError.print("warning: \(problem)")
    }
  }
}

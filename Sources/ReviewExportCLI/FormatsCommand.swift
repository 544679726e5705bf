import ArgumentParser
import ReviewExporting

/// `review-export formats`: lists every format with its options.
struct FormatsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "formats",
    abstract: "List the formats, their file extensions and their options."
  )

  func run() {
    let registry = ToolContext.registry
    for (index, exporter) in registry.exporters.enumerated() {
      let format = exporter.format
      if index > 0 { print("") }
      let readable = registry.readers.contains { $0.formatName == format.name }
      print("\(format.name)  (.\(format.fileExtension), \(format.mediaType)\(readable ? ", also read as input" : ""))")
      print("  \(format.summary)")
      if format.options.isEmpty {
        print("  no options")
      }
      for option in format.options {
        print("  --option \(format.name).\(option.name)=<\(option.typeDescription)>  (default: \(option.defaultValue))")
        print("      \(option.help)")
      }
    }
  }
}

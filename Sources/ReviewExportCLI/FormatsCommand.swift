import ArgumentParser
import Foundation
import ExternalFormat
import ReviewExporting

/// `review-export formats`: lists every format with its options.
struct FormatsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "formats",
    abstract: "List the formats, their file extensions and their options."
  )

  @OptionGroup(title: "External exporters")
  var exporters: ExternalExporterOptions

  @OptionGroup(title: "Templates")
  var templates: TemplateOptions

  @Flag(help: "Print the formats as JSON, for scripts and editors (see docs/cli.md).")
  var json = false

  func run() throws {
    let (registry, problems, refused) = ToolContext.registry(exporters: exporters, templates: templates)
    if json {
      print(try Self.json(registry, refused: refused))
      return
    }
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

  /// The formats as a JSON document: `{"formats": [...], "unavailable": [...]}`.
  static func json(_ registry: FormatRegistry, refused: [(name: String, reason: String)]) throws -> String {
    let formats: [[String: Any]] = registry.exporters.map { exporter in
      let format = exporter.format
      var entry: [String: Any] = [
        "name": format.name, "extension": format.fileExtension, "mediaType": format.mediaType,
        "description": format.summary, "layout": format.layout == .directory ? "folder" : "file",
        "readable": registry.readers.contains { $0.formatName == format.name },
        "options": format.options.map { option -> [String: Any] in
          var described: [String: Any] = ["name": option.name, "description": option.help]
          switch option.kind {
          case .boolean: described["type"] = "boolean"
          case .string: described["type"] = "string"
          case .integer(let range):
            described["type"] = "integer"
            described["minimum"] = range.lowerBound
            described["maximum"] = range.upperBound
          case .choice(let words):
            described["type"] = "choice"
            described["choices"] = words
          }
          switch option.defaultValue {
          case .boolean(let value): described["default"] = value
          case .integer(let value): described["default"] = value
          case .string(let value): described["default"] = value
          }
          return described
        },
      ]
      if let external = exporter as? ExternalExporter { entry["program"] = external.executable }
      return entry
    }
    let document: [String: Any] = [
      "formats": formats, "unavailable": refused.map { ["name": $0.name, "reason": $0.reason] },
    ]
    let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    return String(decoding: data, as: UTF8.self)
  }
}

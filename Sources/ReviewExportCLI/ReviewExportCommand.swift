import ArgumentParser
import XMLFormat
import YAMLFormat

/// The root command: `review-export <subcommand>`.
struct ReviewExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "review-export",
    abstract: "Export a catalog of film reviews to JSON and other formats.",
    discussion: """
      Reads a review catalog, checks it against every rule of the catalog format, \
      and writes it in the formats you choose. Run 'review-export formats' for the \
      formats and their options.
      """,
    version: "\(ReviewExportTool.version) (libxml2 \(libxml2Version), libyaml \(libyamlVersion))",
    subcommands: [
      ExportCommand.self, MergeCommand.self, ValidateCommand.self, FormatsCommand.self, SchemaCommand.self, TemplateCommand.self, GenerateAccessorsCommand.self,
    ]
  )
}

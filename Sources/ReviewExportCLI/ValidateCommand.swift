import ArgumentParser
import ReviewCatalog
import ReviewExporting

/// `review-export validate INPUT`: checks a catalog and lists every problem.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check a catalog and list every problem with its place.",
    discussion: """
      Each problem is printed on standard error as 'file:line:column: error: path: message'. \
      Exits 0 for a valid catalog and 1 otherwise.
      """
  )

  @Argument(help: "The catalog to check, or '-' for standard input.")
  var input: String

  @Option(help: "The format of the input, when its extension does not say (needed for '-').")
  var inputFormat: String?

  func run() throws {
    let catalog = try CatalogLoader(registry: ToolContext.registry).loadForCommand(input, formatName: inputFormat)
    print(
      "\(input): valid catalog with \(catalog.people.count) people, \(catalog.works.count) works and \(catalog.reviews.count) reviews"
    )
  }
}

import ArgumentParser
import ReviewCatalog
import JSONFormat
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

  @OptionGroup var reading: ReadingOptions

  @Option(
    name: .customLong("for"),
    help: ArgumentHelp(
      "Also say what a format's consumers will miss, as warnings (jsonld: what keeps parts of the markup out of search results).",
      valueName: "format"))
  var forFormat: String?

  func validate() throws {
    try ToolContext.checkInputFormat(inputFormat, input: input)
    if let forFormat, forFormat.lowercased() != "jsonld" {
      throw ValidationError("--for knows only 'jsonld' so far")
    }
  }

  func run() throws {
    let loader = CatalogLoader(registry: reading.applied(to: ToolContext.registry))
    let (personCount, workCount, reviewCount): (Int, Int, Int)
    // A catalog that can be streamed is checked part by part, in bounded memory.
    if let stream = try loader.openStreamForCommand(input, formatName: inputFormat),
      let summary = try Self.validate(stream, input: input)
    {
      (personCount, workCount, reviewCount) = (summary.personCount, summary.workCount, summary.reviewCount)
    } else {
      let catalog = try loader.loadForCommand(input, formatName: inputFormat)
      (personCount, workCount, reviewCount) = (catalog.people.count, catalog.works.count, catalog.reviews.count)
    }
    print("\(input): valid catalog with \(personCount) people, \(workCount) works and \(reviewCount) reviews")
    if forFormat != nil {
      let catalog = try loader.loadForCommand(input, formatName: inputFormat)
      for note in JSONLDExporter.advice(for: catalog) { StandardError.print("\(input): warning: jsonld: \(note)") }
    }
  }

  /// Validates a streamed catalog; `nil` when its parts are out of order and it must be read whole.
  private static func validate(_ stream: any CatalogStream, input: String) throws -> ExportJob.Summary? {
    do {
      return try ExportJob.export(.stream(stream), to: [])
    } catch let error as CatalogError {
      StandardError.report(error, in: input)
      throw ExitCode(1)
    } catch is StreamOrderError {
      return nil
    }
  }
}

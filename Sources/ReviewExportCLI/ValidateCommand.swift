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
    let loader = CatalogLoader(registry: ToolContext.registry)
    let head: Catalog
    let reviewCount: Int
    // A catalog that can be streamed is checked review by review, in bounded memory.
    if let stream = try loader.openStreamForCommand(input, formatName: inputFormat) {
      do {
        let summary = try ExportJob.stream(from: stream, to: [])
        (head, reviewCount) = (summary.head, summary.reviewCount)
      } catch let error as CatalogError {
        StandardError.report(error, in: input)
        throw ExitCode(1)
      }
    } else {
      head = try loader.loadForCommand(input, formatName: inputFormat)
      reviewCount = head.reviews.count
    }
    print("\(input): valid catalog with \(head.people.count) people, \(head.works.count) works and \(reviewCount) reviews")
  }
}

import ArgumentParser
import TemplateFormat

/// `review-export template NAME`: prints a built-in template, to start your own from.
struct TemplateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "template",
    abstract: "Print the Mustache template of a built-in template format (markdown or html), to start your own from.")

  @Argument(help: "markdown or html.")
  var name: String

  func validate() throws {
    guard TemplateExporter.builtInTemplate(named: name) != nil else {
      throw ValidationError("no built-in template named '\(name)'; there are markdown and html")
    }
  }

  func run() {
    print(TemplateExporter.builtInTemplate(named: name)!, terminator: "")
  }
}

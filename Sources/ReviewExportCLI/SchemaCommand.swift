import ArgumentParser

/// `review-export schema FORMAT`: prints the schema of a format's output.
struct SchemaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schema",
    abstract: "Print the schema that a format's output validates against.",
    discussion: "Formats with a schema: \(BuiltInFormats.formatsWithSchemas.joined(separator: ", ")).")

  @Argument(help: "The format, such as 'xml'.")
  var format: String

  func validate() throws {
    guard BuiltInFormats.schema(for: format) != nil else {
      let known = BuiltInFormats.formatsWithSchemas.joined(separator: ", ")
      throw ValidationError("no schema for format '\(format)'; formats with a schema: \(known)")
    }
  }

  func run() {
    print(BuiltInFormats.schema(for: format)!, terminator: "")
  }
}

import ArgumentParser

/// `review-export schema FORMAT`: prints the schema of a format's output.
struct SchemaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schema",
    abstract: "Print the schema that a format's output validates against.",
    discussion: "Formats with a schema: \(BuiltInFormats.schemas.keys.sorted().joined(separator: ", ")).")

  @Argument(help: "The format, such as 'xml'.")
  var format: String

  func validate() throws {
    guard BuiltInFormats.schemas[format] != nil else {
      let known = BuiltInFormats.schemas.keys.sorted().joined(separator: ", ")
      throw ValidationError("no schema for format '\(format)'; formats with a schema: \(known)")
    }
  }

  func run() {
    print(BuiltInFormats.schemas[format]!, terminator: "")
  }
}

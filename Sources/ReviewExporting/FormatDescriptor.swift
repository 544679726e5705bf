/// Whether a format writes one file or a folder of files.
public enum OutputLayout: Sendable, Equatable {
  /// One file, `<name>.<fileExtension>`, written through ``ExportDestination/sink``.
  case file
  /// A folder, `<name>.<fileExtension>/`, whose files are written through
  /// ``ExportDestination/member(named:)``.
  case directory
}

/// What a format is called, what its files look like, and which options it takes.
public struct FormatDescriptor: Sendable, Equatable {
  /// The name users select it by, such as `json`: lowercase letters, digits and `-`.
  public var name: String
  /// The extension of its output files, without the dot, such as `json`.
  public var fileExtension: String
  /// The media type of its output, such as `application/json`.
  public var mediaType: String
  /// One sentence that says what the format is, shown by `review-export formats`.
  public var summary: String
  /// The options it accepts, with their types, defaults and help.
  public var options: [OptionDescriptor]
  /// Whether it writes one file (the default) or a folder of files.
  public var layout: OutputLayout

  /// Creates a format description.
  public init(
    name: String, fileExtension: String, mediaType: String, summary: String,
    options: [OptionDescriptor] = [], layout: OutputLayout = .file
  ) {
    self.name = name
    self.fileExtension = fileExtension
    self.mediaType = mediaType
    self.summary = summary
    self.options = options
    self.layout = layout
  }

  /// Checks `values` (option name to the text the user gave) against ``options``
  /// and fills in defaults.
  ///
  /// - Throws: ``ExportError`` naming the option and listing what is accepted,
  ///   for an unknown option or a value of the wrong type.
  public func resolveOptions(_ values: [String: String]) throws -> ExportOptions {
    var resolved: [String: OptionValue] = [:]
    for option in options { resolved[option.name] = option.defaultValue }
    for (name, text) in values.sorted(by: { $0.key < $1.key }) {
      guard let option = options.first(where: { $0.name == name }) else {
        let accepted = options.isEmpty ? "it takes no options" : "it accepts " + options.map(\.name).joined(separator: ", ")
        throw ExportError("unknown option '\(name)' for format '\(self.name)': \(accepted)")
      }
      resolved[name] = try option.parse(text, format: self.name)
    }
    return ExportOptions(resolved)
  }
}

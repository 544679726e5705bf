/// One option a format accepts: its name, type, default and help.
public struct OptionDescriptor: Sendable, Equatable {
  /// The kinds of values an option takes.
  public enum Kind: Sendable, Equatable {
    /// `true` or `false` (also `yes`/`no`, `on`/`off`, `1`/`0`).
    case boolean
    /// A whole number within a range.
    case integer(ClosedRange<Int64>)
    /// Any text.
    case string
    /// One of a fixed set of words.
    case choice([String])
  }

  /// The option's name, such as `indent`; users write `--option json.indent=4`.
  public var name: String
  /// The type of its values.
  public var kind: Kind
  /// The value used when the user gives none; it must be of ``kind``.
  public var defaultValue: OptionValue
  /// One sentence of help, shown by `review-export formats`.
  public var help: String

  /// Creates an option description.
  public init(name: String, kind: Kind, defaultValue: OptionValue, help: String) {
    self.name = name
    self.kind = kind
    self.defaultValue = defaultValue
    self.help = help
  }

  /// The type as shown to users: `boolean`, `integer 0...8`, `string`, `one of a|b`.
  public var typeDescription: String {
    switch kind {
    case .boolean: "boolean"
    case .integer(let range): "integer \(range.lowerBound)...\(range.upperBound)"
    case .string: "string"
    case .choice(let words): words.joined(separator: "|")
    }
  }

  /// Parses the text a user gave for this option.
  ///
  /// - Throws: ``ExportError`` naming the format, the option and what it accepts.
  public func parse(_ text: String, format: String) throws -> OptionValue {
    func reject() -> ExportError {
      ExportError("option '\(format).\(name)' takes \(typeDescription), not '\(text)'")
    }
    switch kind {
    case .boolean:
      switch text.lowercased() {
      case "true", "yes", "on", "1": return .boolean(true)
      case "false", "no", "off", "0": return .boolean(false)
      default: throw reject()
      }
    case .integer(let range):
      guard let value = Int64(text), range.contains(value) else { throw reject() }
      return .integer(value)
    case .string:
      return .string(text)
    case .choice(let words):
      guard words.contains(text) else { throw reject() }
      return .string(text)
    }
  }
}

/// The value of an option.
public enum OptionValue: Sendable, Hashable, CustomStringConvertible {
  /// A boolean value.
  case boolean(Bool)
  /// An integer value.
  case integer(Int64)
  /// A text value (also the value of a choice).
  case string(String)

  /// The value as a user writes it.
  public var description: String {
    switch self {
    case .boolean(let value): "\(value)"
    case .integer(let value): "\(value)"
    case .string(let value): value
    }
  }
}

import ReviewCatalog
/// The checked options of one export, with defaults filled in.
///
/// Made by ``FormatDescriptor/resolveOptions(_:)``; an exporter reads every
/// option it declared, by name, with the accessor of its type.
public struct ExportOptions: Sendable, Equatable {
  /// Every declared option's value.
  public let values: [String: OptionValue]

  /// Creates options from resolved values.
  public init(_ values: [String: OptionValue] = [:]) {
    self.values = values
  }

  /// The value of a declared boolean option.
  public func boolean(_ name: String) -> Bool {
    guard case .boolean(let value) = values[name] else { preconditionFailure("option '\(name)' is not a declared boolean") }
    return value
  }

  /// The value of a declared integer option.
  public func integer(_ name: String) -> Int64 {
    guard case .integer(let value) = values[name] else { preconditionFailure("option '\(name)' is not a declared integer") }
    return value
  }

  /// The value of a declared string or choice option.
  public func string(_ name: String) -> String {
    guard case .string(let value) = values[name] else { preconditionFailure("option '\(name)' is not a declared string") }
    return value
  }
}

extension ExportOptions {
  /// The site address of a format's `base-url` option, ending in `/`; empty
  /// when the option is empty. Pages of the site are this followed by a path.
  ///
  /// - Throws: ``ExportError`` when it is not an http or https URL.
  public func siteAddress(of format: String) throws -> String {
    var base = string("base-url")
    guard !base.isEmpty else { return "" }
    guard ScalarRules.checkURL(base) == nil else {
      throw ExportError("--option \(format).base-url=\(base) is not an http or https URL")
    }
    if !base.hasSuffix("/") { base += "/" }
    return base
  }
}

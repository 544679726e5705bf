/// One problem found in a catalog, with where it is and what rule it breaks.
///
/// Its description reads like a compiler's:
/// `catalog.json:42:17: error: reviews[3].rating.value: 6 is above the scale of 5`.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
  /// The file the catalog came from, if any.
  public var file: String?
  /// The line and column, when the reader knows them.
  public var position: SourcePosition?
  /// The place of the offending value in the catalog, when there is one.
  public var path: CatalogPath?
  /// What is wrong and, where it helps, what to do about it.
  public var message: String
  /// Whether the value at ``path`` could not be read and a placeholder
  /// stands in for it, so that rule problems within it would only repeat
  /// this one (a value of the wrong type, a missing key). An unknown or
  /// repeated key leaves the object it is in as it was: `false`.
  public var replacesValue: Bool

  /// Creates a diagnostic.
  public init(
    file: String? = nil, position: SourcePosition? = nil, path: CatalogPath? = nil, message: String,
    replacesValue: Bool = true
  ) {
    self.file = file
    self.position = position
    self.path = path
    self.message = message
    self.replacesValue = replacesValue
  }

  /// `file:line:column: error: path: message`, leaving out what is unknown.
  public var description: String {
    var text = ""
    if let file {
      text += file + ":"
      if let position { text += "\(position):" }
      text += " "
    } else if let position {
      text += "\(position): "
    }
    text += "error: "
    if let path, !path.components.isEmpty { text += "\(path): " }
    text += message
    return text
  }
}

/// An error that carries every problem found in a catalog.
public struct CatalogError: Error, Sendable, CustomStringConvertible {
  /// The problems, in the order of the source.
  public var diagnostics: [Diagnostic]

  /// Creates an error from its problems.
  public init(_ diagnostics: [Diagnostic]) {
    self.diagnostics = diagnostics
  }

  /// One diagnostic a line.
  public var description: String {
    diagnostics.map(\.description).joined(separator: "\n")
  }
}

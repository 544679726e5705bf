/// A problem that stops a reader: malformed input, or something refused for
/// safety. Readers of every format throw it, and it is reported the same
/// whether the document was read whole or part by part.
public struct SyntaxError: Error, Sendable {
  /// Where the problem is, when known.
  public var position: SourcePosition?
  /// What is wrong, and what to do.
  public var message: String

  /// A problem at `position`.
  public init(position: SourcePosition? = nil, message: String) {
    self.position = position
    self.message = message
  }

  /// The problem as reported.
  public var diagnostic: Diagnostic { Diagnostic(position: position, message: message) }
}

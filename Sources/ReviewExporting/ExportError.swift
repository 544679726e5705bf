/// Why an export could not be done, in words a user can act on.
public struct ExportError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What went wrong and what to do about it.
  public var message: String

  /// Creates an error with its message.
  public init(_ message: String) {
    self.message = message
  }

  /// The message.
  public var description: String { message }
}

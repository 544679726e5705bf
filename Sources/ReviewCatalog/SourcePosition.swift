/// A place in a source file: a 1-based line and, where the reader knows it, a
/// 1-based column.
///
/// Columns count Unicode scalars, so a column matches what an editor shows on
/// lines with non-ASCII text.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The line, from 1.
  public var line: Int
  /// The column, from 1, or `nil` when only the line is known.
  public var column: Int?

  /// Creates a position.
  public init(line: Int, column: Int?) {
    self.line = line
    self.column = column
  }

  /// Orders positions as they appear in a file.
  public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
    (lhs.line, lhs.column ?? 0) < (rhs.line, rhs.column ?? 0)
  }

  /// `line:column`, or `line` when the column is unknown.
  public var description: String { column.map { "\(line):\($0)" } ?? "\(line)" }

  /// The position of byte `offset` in UTF-8 `bytes`.
  public init(offset: Int, in bytes: UnsafeBufferPointer<UInt8>) {
    var counter = SourcePositionCounter()
    self = counter.position(of: offset, in: bytes)
  }
}

/// Chooses how each string is written so that every YAML reader reads back
/// the same string.
///
/// libyaml's emitter leaves type resolution to its caller: it writes `no`,
/// `~`, `012` or `2019-02-05` plain, and a YAML 1.1 reader (PyYAML, Ruby's
/// Psych) turns them into a boolean, a null, a number, a date. A string is
/// written plain only when neither a YAML 1.1 reader nor a YAML 1.2 core-schema
/// reader could take it for anything but that string; as a literal block when
/// it has line breaks that a block keeps exactly; double-quoted otherwise.
enum YAMLScalarStyle {
  case plain
  case literal
  case doubleQuoted

  /// The style for `text`.
  static func style(for text: String) -> YAMLScalarStyle {
    if isSafePlain(text) { return .plain }
    if isSafeLiteral(text) { return .literal }
    return .doubleQuoted
  }

  /// Whether `text` reads back as itself when written plain, in YAML 1.1 and 1.2.
  static func isSafePlain(_ text: String) -> Bool {
    let scalars = Array(text.unicodeScalars)
    guard let first = scalars.first, let last = scalars.last else { return false }
    // Surrounding spaces are stripped from plain scalars.
    if first == " " || last == " " { return false }
    // Only printable characters on one line; no tabs, no line breaks of any YAML version.
    for scalar in scalars where !isPlainCharacter(scalar) { return false }
    // Indicators that start something else.
    if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return false }
    // A mapping value or a comment inside; a trailing colon.
    if text.contains(": ") || text.contains(" #") || last == ":" { return false }
    return !resolvesToAnotherType(text)
  }

  /// Whether a YAML 1.1 or 1.2 core-schema reader would read plain `text` as a
  /// null, boolean, number, timestamp, or a merge or value key. Errs toward yes.
  static func resolvesToAnotherType(_ text: String) -> Bool {
    let lower = text.lowercased()
    let words: Set<String> = ["~", "null", "y", "n", "yes", "no", "on", "off", "true", "false", "<<", "="]
    if words.contains(lower) { return true }
    if [".inf", "+.inf", "-.inf", ".nan"].contains(lower) { return true }
    let scalars = Array(text.unicodeScalars)
    guard let first = scalars.first else { return true }
    let startsNumeric = ("0"..."9").contains(first) || first == "+" || first == "-" || first == "."
    guard startsNumeric else { return false }
    // Numbers of either version in any base or notation, with '_' separators
    // and YAML 1.1's base-60 colons, use only these characters.
    let numeric = Set("0123456789abcdefABCDEFxXoObB_.:+-eE".unicodeScalars)
    if scalars.allSatisfy({ numeric.contains($0) }) { return true }
    // YAML 1.1 timestamps start with a date (the time may follow a space).
    return startsWithDate(scalars)
  }

  /// Whether a literal block (`|`, `|-` or `|+`) keeps `text` exactly: line
  /// feeds only (a block turns CR, NEL, U+2028 and U+2029 into line feeds), no
  /// other control characters, and no leading space or break (which would need
  /// an indentation indicator).
  static func isSafeLiteral(_ text: String) -> Bool {
    let scalars = Array(text.unicodeScalars)
    guard scalars.contains("\n"), let first = scalars.first, first != " ", first != "\n", first != "\t" else { return false }
    // Tabs and spaces before a break make libyaml fall back to double quotes itself.
    for scalar in scalars where scalar != "\n" && scalar != "\t" && !isPlainCharacter(scalar) { return false }
    return true
  }

  /// Printable characters YAML writes as themselves in any style: no C0 or C1
  /// controls, DEL, line or paragraph separators, byte order marks or noncharacters.
  static func isPlainCharacter(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) { return false }
    if v == 0x2028 || v == 0x2029 || v == 0xFEFF || v == 0xFFFE || v == 0xFFFF { return false }
    return true
  }

  private static func startsWithDate(_ scalars: [Unicode.Scalar]) -> Bool {
    func isDigit(_ i: Int) -> Bool { i < scalars.count && ("0"..."9").contains(scalars[i]) }
    guard (0..<4).allSatisfy(isDigit), scalars.count > 4, scalars[4] == "-" else { return false }
    return isDigit(5)
  }
}

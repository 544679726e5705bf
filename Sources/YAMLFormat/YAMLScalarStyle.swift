#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import ReviewExporting

/// Chooses how each string is written so that every YAML reader reads back
/// the same string.
///
/// libyaml's emitter leaves type resolution to its caller: it writes `no`,
/// `~`, `012` or `2019-02-05` plain, and a YAML 1.1 reader (PyYAML, Ruby's
/// Psych) turns them into a boolean, a null, a number, a date. A string is
/// written plain only when neither a YAML 1.1 reader nor a YAML 1.2 core-schema
/// reader could take it for anything but that string; as a literal block when
/// it has line breaks that a block keeps exactly; double-quoted otherwise.
///
/// The checks work on UTF-8 bytes: they run for every string of the catalog.
enum YAMLScalarStyle {
  case plain
  case literal
  case doubleQuoted

  /// The style for `text`.
  static func style(for text: String) -> YAMLScalarStyle {
    var text = text
    return text.withUTF8 { utf8 in
      if isSafePlain(utf8) { return .plain }
      if isSafeLiteral(utf8) { return .literal }
      return .doubleQuoted
    }
  }

  /// Whether `text` reads back as itself when written plain, in YAML 1.1 and 1.2.
  static func isSafePlain(_ text: String) -> Bool {
    var text = text
    return text.withUTF8(isSafePlain)
  }

  static func isSafePlain(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = b.first, let last = b.last else { return false }
    // Surrounding spaces are stripped from plain scalars.
    if first == 0x20 || last == 0x20 { return false }
    // Indicators that start something else.
    switch first {
    case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["),
      UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"),
      UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"),
      UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
      return false
    default: break
    }
    // A trailing colon ends a key.
    if last == UInt8(ascii: ":") { return false }
    // Printable on one line (no tabs, no breaks of any YAML version), and no
    // ": " (a mapping value) or " #" (a comment) inside.
    guard allPlainCharacters(b, allowingLineFeedAndTab: false) else { return false }
    var previous: UInt8 = 0
    for byte in b {
      if (previous == UInt8(ascii: ":") && byte == 0x20) || (previous == 0x20 && byte == UInt8(ascii: "#")) { return false }
      previous = byte
    }
    return !resolvesToAnotherType(b)
  }

  /// Whether a YAML 1.1 or 1.2 core-schema reader would read plain `text` as a
  /// null, boolean, number, timestamp, or a merge or value key. Errs toward yes.
  static func resolvesToAnotherType(_ text: String) -> Bool {
    var text = text
    return text.withUTF8(resolvesToAnotherType)
  }

  static func resolvesToAnotherType(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = b.first else { return true }
    if b.count <= 6 && isSpecialWord(b) { return true }
    let startsNumeric =
      (first >= 0x30 && first <= 0x39) || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
      || first == UInt8(ascii: ".")
    guard startsNumeric else { return false }
    // Numbers of either version in any base or notation, with '_' separators
    // and YAML 1.1's base-60 colons, use only these characters.
    var numeric = true
    for byte in b {
      switch byte {
      case 0x30...0x39, UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"),
        UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "o"), UInt8(ascii: "O"), UInt8(ascii: "_"),
        UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "+"), UInt8(ascii: "-"):
        continue
      default:
        numeric = false
      }
      if !numeric { break }
    }
    if numeric { return true }
    // YAML 1.1 timestamps start with a date (the time may follow a space).
    func isDigit(_ i: Int) -> Bool { i < b.count && b[i] >= 0x30 && b[i] <= 0x39 }
    return (0..<4).allSatisfy(isDigit) && b.count > 5 && b[4] == UInt8(ascii: "-") && isDigit(5)
  }

  /// `~`, `null`, `y`, `n`, `yes`, `no`, `on`, `off`, `true`, `false`, `<<`,
  /// `=`, and `.inf`/`.nan` forms, in any case.
  private static func isSpecialWord(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
    // Compared as one integer each, without an array for the word or for
    // each of the sixteen (they were a twentieth of writing YAML).
    b.count <= 7 && specialWords.contains(wordKey(b))
  }

  /// A word of at most seven bytes, lowercased (ASCII letters only), in one
  /// integer, its length in the top byte.
  private static func wordKey(_ bytes: some Collection<UInt8>) -> UInt64 {
    var key = UInt64(bytes.count) << 56
    for (index, byte) in bytes.enumerated() {
      key |= UInt64(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) << (8 * UInt64(index))
    }
    return key
  }

  /// The keys (``wordKey(_:)``) of the words that resolve to a null, a
  /// boolean, a merge key, a value key, an infinity or a NaN.
  private static let specialWords: [UInt64] = [
    "~", "null", "y", "n", "yes", "no", "on", "off", "true", "false", "<<", "=", ".inf", "+.inf", "-.inf", ".nan",
  ].map { wordKey($0.utf8) }

  /// Whether a literal block (`|`, `|-` or `|+`) keeps `text` exactly: line
  /// feeds only (a block turns CR, NEL, U+2028 and U+2029 into line feeds), no
  /// other control characters, and no leading space or break (which would need
  /// an indentation indicator).
  static func isSafeLiteral(_ text: String) -> Bool {
    var text = text
    return text.withUTF8(isSafeLiteral)
  }

  static func isSafeLiteral(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = b.first, first != 0x20, first != 0x0A, first != 0x09, memchr(b.baseAddress!, 0x0A, b.count) != nil else { return false }
    // Tabs and spaces before a break make libyaml fall back to double quotes itself.
    return allPlainCharacters(b, allowingLineFeedAndTab: true)
  }

  /// The bytes of `block` that are controls, DEL, or the lead bytes of the
  /// characters ``allPlainCharacters(_:allowingLineFeedAndTab:)`` looks at.
  @inline(__always)
  static func mayNotBePlain(_ block: ByteVector.Block) -> ByteVector.Flags {
    let controls: ByteVector.Flags = (block .< ByteVector.splat(0x20)) .| (block .== ByteVector.splat(0x7F))
    let leads: ByteVector.Flags =
      (block .== ByteVector.splat(0xC2)) .| (block .== ByteVector.splat(0xE2)) .| (block .== ByteVector.splat(0xEF))
    return controls .| leads
  }

  /// Printable characters YAML writes as themselves in any style: no C0 or C1
  /// controls, DEL, line or paragraph separators, byte order marks or
  /// noncharacters U+FFFE and U+FFFF (in UTF-8: C2 80–9F, E2 80 A8–A9,
  /// EF BB BF, EF BF BE–BF).
  private static func allPlainCharacters(_ b: UnsafeBufferPointer<UInt8>, allowingLineFeedAndTab: Bool) -> Bool {
    guard let base = b.baseAddress else { return true }
    var index = 0
    while true {
      // Sixteen bytes at a time while none is a control, DEL, or a lead byte of the above.
      index = ByteVector.firstFlagged(base, from: index, count: b.count, by: { mayNotBePlain($0) })
      guard index < b.count else { return true }
      let byte = b[index]
      if byte < 0x80 {
        if byte < 0x20 {
          guard allowingLineFeedAndTab && (byte == 0x0A || byte == 0x09) else { return false }
        } else if byte == 0x7F {
          return false
        }
      } else if byte == 0xC2 {
        if index + 1 < b.count && b[index + 1] <= 0x9F { return false }
      } else if byte == 0xE2 {
        if index + 2 < b.count && b[index + 1] == 0x80 && (b[index + 2] == 0xA8 || b[index + 2] == 0xA9) { return false }
      } else if byte == 0xEF {
        if index + 2 < b.count
          && ((b[index + 1] == 0xBB && b[index + 2] == 0xBF) || (b[index + 1] == 0xBF && b[index + 2] >= 0xBE))
        {
          return false
        }
      }
      index += 1
    }
  }
}

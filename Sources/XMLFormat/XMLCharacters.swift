import ReviewExporting

/// What XML 1.0 can carry, and what to do with what it cannot.
enum XMLCharacters {
  /// The note for `count` characters replaced with U+FFFD.
  @Sendable static func replacementNote(_ count: Int) -> String {
    "replaced \(count) character\(count == 1 ? "" : "s") that XML 1.0 cannot carry with U+FFFD"
  }

  /// Whether XML 1.0 allows `scalar` in a document: tab, LF, CR, U+0020–U+D7FF,
  /// U+E000–U+FFFD and U+10000 upwards. (Swift strings hold no surrogates.)
  static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    return v >= 0x20 ? (v != 0xFFFE && v != 0xFFFF) : (v == 0x09 || v == 0x0A || v == 0x0D)
  }

  /// Whether every character of `text` is allowed; a fast check on UTF-8
  /// bytes, skipping sixteen at a time those that cannot be a problem.
  static func allAllowed(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { utf8 in
      guard let base = utf8.baseAddress else { return true }
      let count = utf8.count
      var index = 0
      while true {
        index = ByteVector.firstFlagged(base, from: index, count: count, by: { XMLTextBytes.suspect($0) })
        guard index < count else { return true }
        let byte = base[index]
        if byte < 0x20 {
          if byte != 0x09 && byte != 0x0A && byte != 0x0D { return false }
        } else if index + 2 < count && base[index + 1] == 0xBF && (base[index + 2] == 0xBE || base[index + 2] == 0xBF) {
          return false  // U+FFFE or U+FFFF (EF BF BE, EF BF BF)
        }
        index += 1
      }
    }
  }

  /// The first character XML 1.0 cannot carry, as `U+0001`.
  static func firstForbidden(in text: String) -> String? {
    guard let scalar = text.unicodeScalars.first(where: { !isAllowed($0) }) else { return nil }
    let hex = String(scalar.value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }

  /// `text` with every forbidden character replaced by U+FFFD, and how many there were.
  static func replacingForbidden(in text: String) -> (String, Int) {
    var count = 0
    var scalars = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if isAllowed(scalar) {
        scalars.append(scalar)
      } else {
        scalars.append("\u{FFFD}")
        count += 1
      }
    }
    return (String(scalars), count)
  }

  /// `text` if XML 1.0 can carry it; else, when `replacing`, the text with
  /// U+FFFD for each forbidden character (counted in `replacements`), or an
  /// error naming `place` and the `format`'s option that replaces instead.
  static func checked(
    _ text: String, replacing: Bool, replacements: inout Int, format: String, place: () -> String
  ) throws -> String {
    if allAllowed(text) { return text }
    if replacing {
      let (replaced, count) = replacingForbidden(in: text)
      replacements += count
      return replaced
    }
    let character = firstForbidden(in: text) ?? "a character"
    throw ExportError(
      "\(place()): \(character) cannot be written in XML 1.0, which has no way to carry it; "
        + "fix the text, or use --option \(format).invalid-characters=replace to write U+FFFD instead")
  }
}

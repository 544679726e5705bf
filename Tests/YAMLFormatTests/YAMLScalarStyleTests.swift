import Testing

@testable import YAMLFormat

/// The style checks skip plain bytes sixteen at a time; they must still find
/// every character a YAML style cannot carry as itself, wherever it falls in
/// a block or after it. The reference is the rule itself, scalar by scalar.
@Suite struct YAMLScalarStyleTests {
  /// Characters YAML writes as themselves in any style (the rule the checks implement).
  static func isPlainCharacter(_ scalar: Unicode.Scalar, allowingLineFeedAndTab: Bool) -> Bool {
    switch scalar.value {
    case 0x0A, 0x09: allowingLineFeedAndTab
    case 0...0x1F, 0x7F, 0x80...0x9F, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF: false
    default: true
    }
  }

  static let scalars: [Unicode.Scalar] =
    (0...0x20).compactMap(Unicode.Scalar.init) + [
      "\u{7F}", "\u{80}", "\u{9F}", "\u{A0}", "\u{C2}", "\u{2027}", "\u{2028}", "\u{2029}", "\u{202A}", "\u{FEFF}", "\u{FEFE}",
      "\u{FFFD}", "\u{FFFE}", "\u{FFFF}", "\u{EFFF}", "\u{1F600}",
    ]

  @Test func literalBlocksAreChosenByTheRuleAtEveryOffset() {
    var failures: [String] = []
    for scalar in Self.scalars {
      for before in 1...35 {
        let text = String(repeating: "a", count: before) + String(scalar) + String(repeating: "z", count: 35 - before) + "\nend"
        let expected = text.unicodeScalars.allSatisfy { Self.isPlainCharacter($0, allowingLineFeedAndTab: true) }
        if YAMLScalarStyle.isSafeLiteral(text) != expected { failures.append("literal: U+\(String(scalar.value, radix: 16)) after \(before)") }
      }
    }
    #expect(failures.isEmpty, "\(failures)")
  }

  @Test func plainScalarsAreChosenByTheRuleAtEveryOffset() {
    var failures: [String] = []
    for scalar in Self.scalars where scalar != " " && scalar != "#" {
      for before in 1...35 {
        let text = String(repeating: "a", count: before) + String(scalar) + String(repeating: "z", count: 35 - before)
        let expected = text.unicodeScalars.allSatisfy { Self.isPlainCharacter($0, allowingLineFeedAndTab: false) }
        if YAMLScalarStyle.isSafePlain(text) != expected { failures.append("plain: U+\(String(scalar.value, radix: 16)) after \(before)") }
      }
    }
    #expect(failures.isEmpty, "\(failures)")
  }
  /// Every word that resolves to a null, a boolean, a merge or value key, an
  /// infinity or a NaN is found in any case (so it is never written plain),
  /// and words one byte longer or shorter are not.
  @Test func theSpecialWordsAreFoundInAnyCaseAndNothingElse() {
    let words = ["~", "null", "y", "n", "yes", "no", "on", "off", "true", "false", "<<", "=", ".inf", "+.inf", "-.inf", ".nan"]
    for word in words {
      for form in [word, word.uppercased(), word.prefix(1).uppercased() + word.dropFirst()] {
        #expect(YAMLScalarStyle.resolvesToAnotherType(form), "\(form)")
        #expect(!YAMLScalarStyle.isSafePlain(form), "\(form)")
      }
    }
    for near in ["nul", "nulls", "yess", "of", "offf", "tru", "truex", "<", "==", ".in", "+.infx", ".nana", "x", "na", "yes\0"] {
      #expect(!YAMLScalarStyle.resolvesToAnotherType(near), "\(near)")
    }
  }
}

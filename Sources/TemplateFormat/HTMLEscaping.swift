import Mustache

/// Escaping for HTML output: markup characters become entities, and the code
/// points HTML forbids (NUL, control characters other than tab, LF, FF and
/// CR, and noncharacters) become U+FFFD, as HTML parsers would read them.
struct HTMLEscaping: MustacheContentType {
  /// The name templates' pragma uses: `{{% CONTENT_TYPE: REVIEW_EXPORT_HTML }}`.
  static let name = "REVIEW_EXPORT_HTML"

  /// Registers the escaping with Mustache, once.
  static let registered: Bool = {
    MustacheContentTypes.register(HTMLEscaping(), named: name)
    return true
  }()

  func escapeText(_ text: String) -> String {
    var escaped = ""
    escaped.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "<": escaped += "&lt;"
      case ">": escaped += "&gt;"
      case "&": escaped += "&amp;"
      case "\"": escaped += "&quot;"
      case "'": escaped += "&#39;"
      default:
        escaped.unicodeScalars.append(Self.isAllowed(scalar) ? scalar : "\u{FFFD}")
      }
    }
    return escaped
  }

  static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    if v < 0x20 { return v == 0x09 || v == 0x0A || v == 0x0C || v == 0x0D }
    if (0x7F...0x9F).contains(v) || (0xFDD0...0xFDEF).contains(v) { return false }
    return v & 0xFFFE != 0xFFFE
  }
}

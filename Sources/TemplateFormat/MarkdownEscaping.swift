import Mustache

/// Escaping for Markdown output (CommonMark, and GitHub's tables and
/// strikethrough): a value inserted into a template becomes literal text
/// wherever it goes in a line, whatever it holds.
///
/// - `<`, `>` and `&` become entities, so no value opens an HTML block or
///   inline tag, an autolink, or an entity of its own.
/// - ASCII punctuation that can be markup anywhere in a line is escaped with
///   a backslash: `` \ ` * _ [ ] # | ~ @ ``, and the `:` of `://` and the
///   `.` of a word's `www.` (GitHub turns bare URLs into links); so are, where the value starts, `-`, `+`
///   or `=` followed by a blank or by more of the same (a list item, a rule,
///   a setext underline), and a number's `.` or `)` followed by a blank (an
///   ordered list item).
/// - Line breaks (CR, LF, CRLF) become spaces, which is how CommonMark
///   renders a soft line break anyway: a value never starts a new block
///   (a heading, a fence, a list, a blockquote) or ends the one it is in.
///   Paragraphs are kept by the template, which inserts each one apart
///   (`paragraphs` in the view).
/// - Spaces, tabs, vertical tabs and form feeds where a value starts or ends
///   become entities, so they are neither stripped nor read as indentation
///   (an indented code block).
/// - NUL becomes U+FFFD, as CommonMark requires.
///
/// Like pandoc's Markdown writer, it escapes more than the shortest output
/// would, never less.
struct MarkdownEscaping: MustacheContentType {
  /// The name templates' pragma uses: `{{% CONTENT_TYPE: REVIEW_EXPORT_MARKDOWN }}`.
  static let name = "REVIEW_EXPORT_MARKDOWN"

  /// Registers the escaping with Mustache, once.
  static let registered: Bool = {
    MustacheContentTypes.register(MarkdownEscaping(), named: name)
    return true
  }()

  func escapeText(_ text: String) -> String {
    Self.escape(text)
  }

  /// Whether `scalar` would be read as markup although it is not markup
  /// everywhere: where the value starts, or in `://`.
  private static func startsMarkup(_ scalar: Unicode.Scalar, at index: Int, first: Int, in scalars: [Unicode.Scalar]) -> Bool {
    let next: Unicode.Scalar? = index + 1 < scalars.count ? scalars[index + 1] : nil
    let blankOrEnd = next == nil || next == " " || next == "\t" || next == "\n" || next == "\r"
    switch scalar {
    case "-", "+", "=":
      return index == first && (blankOrEnd || next == scalar)
    case ".", ")":
      if blankOrEnd && index > first && index - first <= 9 && scalars[first..<index].allSatisfy({ ("0"..."9").contains($0) }) {
        return true
      }
      // `www.` starting a word: GitHub would make a link of it.
      guard scalar == ".", index >= 3, scalars[(index - 3)..<index].elementsEqual("www".unicodeScalars) else { return false }
      return index == 3 || !(scalars[index - 4].properties.isAlphabetic || ("0"..."9").contains(scalars[index - 4]))
    case ":":
      return next == "/" && index + 2 < scalars.count && scalars[index + 2] == "/"
    default:
      return false
    }
  }

  static func escape(_ text: String) -> String {
    let scalars = Array(text.unicodeScalars)
    // Where the text proper starts and ends, past leading and trailing blanks.
    let isBlank: (Unicode.Scalar) -> Bool = { " \t\n\r\u{0B}\u{0C}".unicodeScalars.contains($0) }
    let first = scalars.firstIndex { !isBlank($0) } ?? scalars.count
    let last = scalars.lastIndex { !isBlank($0) } ?? -1
    var escaped = ""
    escaped.reserveCapacity(text.utf8.count + 8)
    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      let atEdge = index < first || index > last
      switch scalar {
      case "\r", "\n":
        // CRLF is one break.
        if scalar == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n" { index += 1 }
        escaped += atEdge ? "&#32;" : " "
      case " ": escaped += atEdge ? "&#32;" : " "
      case "\t": escaped += atEdge ? "&#9;" : "\t"
      case "\u{0B}" where atEdge: escaped += "&#11;"
      case "\u{0C}" where atEdge: escaped += "&#12;"
      case "<": escaped += "&lt;"
      case ">": escaped += "&gt;"
      case "&": escaped += "&amp;"
      case "\0": escaped += "\u{FFFD}"
      case "\\", "`", "*", "_", "[", "]", "#", "|", "~", "@":
        escaped += "\\"
        escaped.unicodeScalars.append(scalar)
      case _ where Self.startsMarkup(scalar, at: index, first: first, in: scalars):
        escaped += "\\"
        escaped.unicodeScalars.append(scalar)
      default:
        escaped.unicodeScalars.append(scalar)
      }
      index += 1
    }
    return escaped
  }
}

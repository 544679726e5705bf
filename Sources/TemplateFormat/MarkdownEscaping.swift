import Mustache
import ReviewExporting

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

  /// `text` escaped.
  static func escape(_ text: String) -> String {
    var text = text
    return text.withUTF8 { utf8 in
      var out: [UInt8] = []
      out.reserveCapacity(utf8.count + 16)
      escape(utf8, into: &out)
      return String(decoding: out, as: UTF8.self)
    }
  }

  /// The bytes of `block` that a rule may look at inside a value: every
  /// byte some rule looks at (CR, LF, NUL, `<`, `>`, `&`, the backslash, the
  /// backtick, `*`, `_`, `[`, `]`, `#`, `|`, `~`, `@`, `-`, `+`, `=`, `.`,
  /// `)` and `:`; blanks matter only at a value's edges), and a few no rule
  /// does, which are passed over one at a time: the other controls below
  /// 0x0E and `$`, `%`, `(`, `;`, `?`, `^`, `}`, whose ranges the test takes
  /// whole (five range tests instead of twenty-one comparisons); but not
  /// `,` and `'`, which are common in prose.
  @inline(__always)
  static func mayNeedALook(_ block: ByteVector.Block) -> ByteVector.Flags {
    @inline(__always) func within(_ low: UInt8, _ high: UInt8) -> ByteVector.Flags {
      (block &- ByteVector.splat(low)) .<= ByteVector.splat(high - low)
    }
    let punctuation = within(0x23, 0x2E) .& (block .!= ByteVector.splat(0x27)) .& (block .!= ByteVector.splat(0x2C))
    return (block .< ByteVector.splat(0x0E)) .| punctuation .| within(0x3A, 0x40) .| within(0x5B, 0x60) .| within(0x7C, 0x7E)
  }

  @inline(__always) private static func isBlank(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C
  }

  @inline(__always) private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  /// Appends `utf8` (valid UTF-8) to `out`, escaped.
  ///
  /// Plain runs are skipped sixteen bytes at a time (``mayNeedALook(_:)``)
  /// and copied at once; everything that matters is ASCII, so a multi-byte
  /// character is part of a run; the one rule that looks at a non-ASCII
  /// character (is the one before `www.` a letter?) decodes it.
  static func escape(_ utf8: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
    guard let base = utf8.baseAddress else { return }
    let count = utf8.count
    // Where the text proper starts and ends, past leading and trailing blanks
    // (blanks are ASCII, so byte places are as good as character places).
    var first = 0
    while first < count && isBlank(base[first]) { first += 1 }
    var end = count
    while end > first && isBlank(base[end - 1]) { end -= 1 }
    var index = 0
    var plain = 0
    escapeBlanks(base, count: count, upTo: first, index: &index, plain: &plain, into: &out)
    while index < end {
      index = ByteVector.firstFlagged(base, from: index, count: end, by: { mayNeedALook($0) })
      guard index < end else { break }
      let byte = base[index]
      let replacement: StaticString
      var length = 1
      switch byte {
      case 0x0D, 0x0A:
        // CRLF is one break.
        if byte == 0x0D && index + 1 < count && base[index + 1] == 0x0A { length = 2 }
        replacement = " "
      case UInt8(ascii: "<"): replacement = "&lt;"
      case UInt8(ascii: ">"): replacement = "&gt;"
      case UInt8(ascii: "&"): replacement = "&amp;"
      case 0x00: replacement = "\u{FFFD}"
      case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["), UInt8(ascii: "]"),
        UInt8(ascii: "#"), UInt8(ascii: "|"), UInt8(ascii: "~"), UInt8(ascii: "@"):
        backslash(base, at: &index, plain: &plain, into: &out)
        continue
      case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: "."), UInt8(ascii: ")"), UInt8(ascii: ":"):
        if startsMarkup(byte, at: index, first: first, in: base, count: count) {
          backslash(base, at: &index, plain: &plain, into: &out)
        } else {
          index += 1
        }
        continue
      default:
        // Flagged by the block test, looked at by no rule.
        index += 1
        continue
      }
      copy(base, from: plain, to: index, into: &out)
      out.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
      index += length
      plain = index
    }
    escapeBlanks(base, count: count, upTo: count, index: &index, plain: &plain, into: &out)
    copy(base, from: plain, to: index, into: &out)
  }

  @inline(__always)
  private static func copy(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, into out: inout [UInt8]) {
    if start < end { out.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end - start)) }
  }

  /// A backslash before the byte at `index`, which stays in the plain run.
  @inline(__always)
  private static func backslash(_ base: UnsafePointer<UInt8>, at index: inout Int, plain: inout Int, into out: inout [UInt8]) {
    copy(base, from: plain, to: index, into: &out)
    out.append(0x5C)
    plain = index
    index += 1
  }

  /// The blanks from `index` up to `end` (where the value starts or ends), as entities.
  private static func escapeBlanks(
    _ base: UnsafePointer<UInt8>, count: Int, upTo end: Int, index: inout Int, plain: inout Int, into out: inout [UInt8]
  ) {
    while index < end {
      copy(base, from: plain, to: index, into: &out)
      let entity: StaticString
      var length = 1
      switch base[index] {
      case 0x0D where index + 1 < count && base[index + 1] == 0x0A:
        // CRLF is one break.
        entity = "&#32;"
        length = 2
      case 0x09: entity = "&#9;"
      case 0x0B: entity = "&#11;"
      case 0x0C: entity = "&#12;"
      default: entity = "&#32;"
      }
      out.append(contentsOf: UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
      index += length
      plain = index
    }
  }

  /// Whether the byte at `index` would be read as markup although it is
  /// not markup everywhere: where the value starts, or in `://`.
  private static func startsMarkup(_ byte: UInt8, at index: Int, first: Int, in base: UnsafePointer<UInt8>, count: Int) -> Bool {
    let next: UInt8? = index + 1 < count ? base[index + 1] : nil
    let blankOrEnd = next == nil || next == 0x20 || next == 0x09 || next == 0x0A || next == 0x0D
    switch byte {
    case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "="):
      return index == first && (blankOrEnd || next == byte)
    case UInt8(ascii: "."), UInt8(ascii: ")"):
      if blankOrEnd && index > first && index - first <= 9 {
        // A number from where the value starts: an ordered list item.
        var digit = first
        while digit < index && isDigit(base[digit]) { digit += 1 }
        if digit == index { return true }
      }
      // `www.` starting a word: GitHub would make a link of it.
      guard byte == UInt8(ascii: "."), index >= 3, base[index - 3] == 0x77, base[index - 2] == 0x77, base[index - 1] == 0x77 else {
        return false
      }
      if index == 3 { return true }
      var start = index - 4
      while start > 0 && base[start] & 0xC0 == 0x80 { start -= 1 }
      let before = String(decoding: UnsafeBufferPointer(start: base + start, count: index - 3 - start), as: UTF8.self).unicodeScalars.first!
      return !(before.properties.isAlphabetic || ("0"..."9").contains(before))
    case UInt8(ascii: ":"):
      return next == UInt8(ascii: "/") && index + 2 < count && base[index + 2] == UInt8(ascii: "/")
    default:
      return false
    }
  }
}

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

  /// The bytes a rule looks at inside a value (blanks matter only at its edges).
  private static let needsALook = ByteTable { "\r\n<>&\0\\`*_[]#|~@-+=.):".utf8.contains($0) }

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

  /// Appends `utf8` (valid UTF-8) to `out`, escaped.
  ///
  /// Byte by byte: everything that matters is ASCII, so a multi-byte
  /// character is copied as it is; the one rule that looks at a non-ASCII
  /// character (is the one before `www.` a letter?) decodes it.
  static func escape(_ utf8: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
    @inline(__always) func isBlank(_ byte: UInt8) -> Bool {
      byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }
    @inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    // Where the text proper starts and ends, past leading and trailing blanks
    // (blanks are ASCII, so byte places are as good as character places).
    var first = 0
    while first < utf8.count && isBlank(utf8[first]) { first += 1 }
    var last = utf8.count - 1
    while last >= 0 && isBlank(utf8[last]) { last -= 1 }
    let count = utf8.count
    var plain = 0
    var index = 0
    func copyPlain() {
      if plain < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plain..<index])) }
    }
    func replace(_ replacement: StaticString, skipping length: Int = 1) {
      copyPlain()
      out.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
      index += length
      plain = index
    }
    func backslash() {
      copyPlain()
      out.append(0x5C)
      plain = index
      index += 1
    }
    /// Whether the byte at `index` would be read as markup although it is
    /// not markup everywhere: where the value starts, or in `://`.
    func startsMarkup(_ byte: UInt8) -> Bool {
      let next: UInt8? = index + 1 < count ? utf8[index + 1] : nil
      let blankOrEnd = next == nil || next == 0x20 || next == 0x09 || next == 0x0A || next == 0x0D
      switch byte {
      case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "="):
        return index == first && (blankOrEnd || next == byte)
      case UInt8(ascii: "."), UInt8(ascii: ")"):
        if blankOrEnd && index > first && index - first <= 9 {
          // A number from where the value starts: an ordered list item. (A
          // loop, not `allSatisfy`: its closure made each use of the
          // captured places an exclusivity check.)
          var digit = first
          let end = index
          while digit < end && isDigit(utf8[digit]) { digit += 1 }
          if digit == end { return true }
        }
        // `www.` starting a word: GitHub would make a link of it.
        guard byte == UInt8(ascii: "."), index >= 3, utf8[index - 3] == 0x77, utf8[index - 2] == 0x77, utf8[index - 1] == 0x77 else {
          return false
        }
        if index == 3 { return true }
        var start = index - 4
        while start > 0 && utf8[start] & 0xC0 == 0x80 { start -= 1 }
        let before = String(decoding: UnsafeBufferPointer(rebasing: utf8[start...(index - 4)]), as: UTF8.self).unicodeScalars.first!
        return !(before.properties.isAlphabetic || ("0"..."9").contains(before))
      case UInt8(ascii: ":"):
        return next == UInt8(ascii: "/") && index + 2 < count && utf8[index + 2] == UInt8(ascii: "/")
      default:
        return false
      }
    }
    /// The blanks where the value starts or ends, as entities.
    func escapeBlanks(upTo end: Int) {
      while index < end {
        switch utf8[index] {
        case 0x0D where index + 1 < count && utf8[index + 1] == 0x0A: replace("&#32;", skipping: 2)  // CRLF is one break
        case 0x09: replace("&#9;")
        case 0x0B: replace("&#11;")
        case 0x0C: replace("&#12;")
        default: replace("&#32;")
        }
      }
    }
    escapeBlanks(upTo: first)
    while index <= last {
      // The bytes no rule looks at, skipped at once.
      index = Self.needsALook.firstMember(of: utf8, from: index, to: last + 1)
      guard index <= last else { break }
      let byte = utf8[index]
      switch byte {
      case 0x0D, 0x0A:
        // CRLF is one break.
        replace(" ", skipping: byte == 0x0D && index + 1 < count && utf8[index + 1] == 0x0A ? 2 : 1)
      case UInt8(ascii: "<"): replace("&lt;")
      case UInt8(ascii: ">"): replace("&gt;")
      case UInt8(ascii: "&"): replace("&amp;")
      case 0x00: replace("\u{FFFD}")
      case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: "."), UInt8(ascii: ")"), UInt8(ascii: ":"):
        if startsMarkup(byte) { backslash() } else { index += 1 }
      default:
        backslash()
      }
    }
    escapeBlanks(upTo: count)
    copyPlain()
  }
}

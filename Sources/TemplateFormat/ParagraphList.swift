import Foundation
import ReviewCatalog

/// A text's paragraphs (``ParagraphList/splitting(_:)``), each a
/// `{text: …}` object.
final class ParagraphList: TemplateList {
  enum Part {
    /// The bytes of the text from one place to the other.
    case range(Int32, Int32)
    case text(String)
  }
  init(text: String, parts: [Part]) {
    self.text = text
    self.parts = parts
  }

  let text: String
  let parts: [Part]

  var count: Int { parts.count }
  func element(at index: Int) -> TemplateValue {
    switch parts[index] {
    case .range(let start, let end): .object(PartItem(text: text, start: start, end: end))
    case .text(let text): .object(TextItem(key: .text, text: text))
    }
  }

  /// The paragraphs as texts.
  var texts: [String] {
    (0..<count).map { index in
      switch parts[index] {
      case .range(let start, let end): String(decoding: Array(text.utf8)[Int(start)..<Int(end)], as: UTF8.self)
      case .text(let text): text
      }
    }
  }
}

/// A paragraph that is a part of its text: `{text: …}`.
final class PartItem: TemplateObject {
  let text: String
  let start: Int32
  let end: Int32
  init(text: String, start: Int32, end: Int32) {
    self.text = text
    self.start = start
    self.end = end
  }

  func value(_ key: TemplateKey) -> TemplateValue? { key == .text ? .part(text, start, end) : nil }
}

extension ParagraphList {
  /// The paragraphs of a text: separated by blank lines, each trimmed.
  ///
  /// Line breaks are CRLF, CR or LF; a paragraph ends at each `\n\n`
  /// (from the left, so a third line break begins the next paragraph, and
  /// is trimmed with it). Byte by byte: this runs for every review, and
  /// Foundation's bridged `replacingOccurrences` and `components` made it
  /// 70% of a Markdown export.
  static func paragraphs(_ text: String) -> [String] {
    splitting(text).texts
  }

  /// The paragraphs of `text` as a list of `{text: …}` objects: parts of
  /// the text itself (no copy is made of them), unless its line breaks are
  /// not all LF; then each is made as a text of its own.
  static func splitting(_ text: String) -> ParagraphList {
    let original = text
    var text = text
    return text.withUTF8 { utf8 -> ParagraphList in
      guard !utf8.isEmpty, memchr(utf8.baseAddress!, 0x0D, utf8.count) != nil else {
        return ParagraphList(
          text: original,
          parts: split(utf8).map { .range(Int32($0.lowerBound), Int32($0.upperBound)) })
      }
      var bytes: [UInt8] = []
      bytes.reserveCapacity(utf8.count)
      var previousWasCR = false
      for byte in utf8 {
        if byte == 0x0A && previousWasCR {
          previousWasCR = false
          continue
        }
        previousWasCR = byte == 0x0D
        bytes.append(byte == 0x0D ? 0x0A : byte)
      }
      // Ranges of the normalized bytes are not ranges of the text: texts.
      let texts = bytes.withUnsafeBufferPointer { normalized in
        split(normalized).map { String(decoding: UnsafeBufferPointer(rebasing: normalized[$0]), as: UTF8.self) }
      }
      return ParagraphList(text: "", parts: texts.map { .text($0) })
    }
  }

  /// The paragraphs of a text whose line breaks are all LF, as ranges of
  /// its bytes, each trimmed.
  private static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
    var result: [Range<Int>] = []
    // A review has a few paragraphs: one allocation, not one per doubling.
    result.reserveCapacity(8)
    var start = 0
    var index = 0
    func take(_ end: Int) {
      // ASCII white space trimmed here; a paragraph that starts or ends
      // with another character is trimmed of Foundation's white space and
      // line breaks too, a character at a time, without making a string.
      var low = start
      var high = end
      while low < high && (bytes[low] == 0x20 || (0x09...0x0D).contains(bytes[low])) { low += 1 }
      while high > low && (bytes[high - 1] == 0x20 || (0x09...0x0D).contains(bytes[high - 1])) { high -= 1 }
      guard low < high else { return }
      if bytes[low] >= 0x80 || bytes[high - 1] >= 0x80 {
        while low < high, let (scalar, length) = Self.scalar(in: bytes, at: low), Self.isSpace(scalar) { low += length }
        while high > low {
          var first = high - 1
          while first > low && bytes[first] & 0xC0 == 0x80 { first -= 1 }
          guard let (scalar, _) = Self.scalar(in: bytes, at: first), Self.isSpace(scalar) else { break }
          high = first
        }
        guard low < high else { return }
      }
      result.append(low..<high)
    }
    // From one line break to the next (memchr), looking for two in a row.
    while index < bytes.count, let found = memchr(bytes.baseAddress! + index, 0x0A, bytes.count - index) {
      index = bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
      if index + 1 < bytes.count && bytes[index + 1] == 0x0A {
        take(index)
        index += 2
        start = index
      } else {
        index += 1
      }
    }
    take(bytes.count)
    return result
  }

  /// The character that starts at `index` of `bytes` (valid UTF-8) and its length in bytes.
  private static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int)? {
    let lead = bytes[index]
    let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
    guard index + length <= bytes.count else { return nil }
    var value = length == 1 ? UInt32(lead) : UInt32(lead) & (length == 4 ? 0x07 : length == 3 ? 0x0F : 0x1F)
    for offset in (index + 1)..<(index + length) { value = value << 6 | UInt32(bytes[offset] & 0x3F) }
    return Unicode.Scalar(value).map { ($0, length) }
  }

  /// Foundation's white space and line breaks, made once (making the set
  /// costs ten times looking a character up in it).
  private static let spaces = CharacterSet.whitespacesAndNewlines

  private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
    spaces.contains(scalar)
  }
}

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

  /// The paragraphs of `text` as a list of `{text: …}` objects. Most are
  /// parts of the text itself (no copy is made of them); those whose line
  /// breaks are not all LF, or that start or end with a space beyond
  /// ASCII, are made as texts of their own.
  static func splitting(_ text: String) -> ParagraphList {
    let original = text
    var text = text
    return text.withUTF8 { utf8 -> ParagraphList in
      guard !utf8.isEmpty, memchr(utf8.baseAddress!, 0x0D, utf8.count) != nil else {
        return ParagraphList(
          text: original,
          parts: split(utf8).map { part in
            switch part {
            case .range(let range): .range(Int32(range.lowerBound), Int32(range.upperBound))
            case .text(let text): .text(text)
            }
          })
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
        split(normalized).map { part -> String in
          switch part {
          case .range(let range): String(decoding: UnsafeBufferPointer(rebasing: normalized[range]), as: UTF8.self)
          case .text(let text): text
          }
        }
      }
      return ParagraphList(text: "", parts: texts.map { .text($0) })
    }
  }

  private enum SplitPart {
    case range(Range<Int>)
    case text(String)
  }

  /// The paragraphs of a text whose line breaks are all LF.
  private static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> [SplitPart] {
    var result: [SplitPart] = []
    var start = 0
    var index = 0
    func take(_ end: Int) {
      // ASCII white space trimmed here; a paragraph that starts or ends
      // with another character goes through `trimmed` (Unicode's spaces).
      var low = start
      var high = end
      while low < high && (bytes[low] == 0x20 || (0x09...0x0D).contains(bytes[low])) { low += 1 }
      while high > low && (bytes[high - 1] == 0x20 || (0x09...0x0D).contains(bytes[high - 1])) { high -= 1 }
      guard low < high else { return }
      if bytes[low] < 0x80 && bytes[high - 1] < 0x80 {
        result.append(.range(low..<high))
      } else {
        let trimmed = Self.trimmed(String(decoding: UnsafeBufferPointer(rebasing: bytes[low..<high]), as: UTF8.self))
        if !trimmed.isEmpty { result.append(.text(trimmed)) }
      }
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

  /// `text` without the white space and line breaks at either end (as
  /// Foundation's `.whitespacesAndNewlines` counts them).
  static func trimmed(_ text: String) -> String {
    let scalars = text.unicodeScalars
    guard let first = scalars.firstIndex(where: { !CharacterSet.whitespacesAndNewlines.contains($0) }) else { return "" }
    let last = scalars.lastIndex(where: { !CharacterSet.whitespacesAndNewlines.contains($0) })!
    return String(scalars[first...last])
  }
}

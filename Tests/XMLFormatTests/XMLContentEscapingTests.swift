import CLibXML2
import ReviewExporting
import TestSupport
import Testing

@testable import XMLFormat

/// `XMLDocumentWriter` escapes element content itself and hands libxml2 the
/// result as raw content; libxml2's own `xmlTextWriterWriteElement` is the
/// reference it must match byte for byte, texts with every byte libxml2
/// escapes, at every offset of the sixteen-byte skip, and empty texts.
@Suite struct XMLContentEscapingTests {
  /// A document of one element per text, written by `XMLDocumentWriter`.
  static func ours(_ texts: [String]) throws -> [UInt8] {
    let sink = ByteSink.memory()
    let document = try XMLDocumentWriter(sink: sink, indent: 2)
    try document.startDocument()
    try document.startElement("texts")
    for text in texts { try document.textElement("text", text) }
    try document.endElement()
    try document.endDocument()
    return sink.bytes
  }

  /// The same document written by libxml2 alone, into its own memory buffer.
  static func libxml2s(_ texts: [String]) -> [UInt8] {
    let buffer = xmlBufferCreate()!
    defer { xmlBufferFree(buffer) }
    let writer = xmlNewTextWriterMemory(buffer, 0)!
    xmlTextWriterSetIndent(writer, 1)
    xmlTextWriterSetIndentString(writer, "  ")
    xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil)
    xmlTextWriterStartElement(writer, "texts")
    for text in texts { xmlTextWriterWriteElement(writer, "text", text) }
    xmlTextWriterEndElement(writer)
    xmlTextWriterEndDocument(writer)
    xmlFreeTextWriter(writer)
    return Array(UnsafeBufferPointer(start: xmlBufferContent(buffer), count: Int(xmlBufferLength(buffer))))
  }

  @Test func everyEscapedByteAtEveryOffsetIsWrittenAsLibxml2WritesIt() throws {
    var texts = [""]
    for special in ["<", ">", "&", "\"", "\r", "\r\n", "'", "\t", "é", "]]>", "&amp;"] {
      for before in 0...35 {
        texts.append(String(repeating: "a", count: before) + special)
        texts.append(String(repeating: "b", count: before) + special + String(repeating: "c", count: 35 - before))
      }
    }
    let ours = try Self.ours(texts)
    #expect(String(decoding: ours, as: UTF8.self) == String(decoding: Self.libxml2s(texts), as: UTF8.self))
  }

  /// Texts that escaping makes several times longer than the room first
  /// made for them, one past the storage kept between writes, then short
  /// ones after them.
  @Test func longAndHeavilyEscapedTextsAreWrittenAsLibxml2WritesThem() throws {
    let texts = [
      String(repeating: "&", count: 300_000), "short", String(repeating: "<\"", count: 3_000) + "x",
      String(repeating: "plain ", count: 50_000), "", "a&b",
    ]
    #expect(try Self.ours(texts) == Self.libxml2s(texts))
  }

  @Test func randomTextsAreWrittenAsLibxml2WritesThem() throws {
    let pieces = ["plain words ", "<", ">", "&", "\"", "\r", "\n", "\t", "'", "日本語", "é", "👩‍👩‍👧", "&lt;", "]]>", String(repeating: "x", count: 40)]
    var generator = SeededGenerator(seed: 0x5DEE_CE66)
    var texts: [String] = []
    for _ in 0..<3_000 {
      var text = ""
      for _ in 0..<Int.random(in: 0..<16, using: &generator) { text += pieces.randomElement(using: &generator)! }
      texts.append(text)
    }
    #expect(try Self.ours(texts) == Self.libxml2s(texts))
  }

  /// The sixteen-byte tests flag exactly the bytes they stand for, in every lane.
  @Test func theBlockTestsFlagTheBytesToLookAt() {
    let escaped: (UInt8) -> Bool = { [0x3C, 0x3E, 0x22, 0x26, 0x0D].contains($0) }
    let suspect: (UInt8) -> Bool = { $0 < 0x20 || $0 == 0xEF }
    #expect(ByteVectorLanes.disagreements(of: XMLTextBytes.escaped, with: escaped).isEmpty)
    #expect(ByteVectorLanes.disagreements(of: XMLTextBytes.suspect, with: suspect).isEmpty)
    #expect(ByteVectorLanes.disagreements(of: XMLTextBytes.escapeOrSuspect, with: { escaped($0) || suspect($0) }).isEmpty)
  }

  /// The word-at-a-time check agrees with the check of each scalar, for the
  /// characters XML 1.0 cannot carry and their neighbours, at every offset.
  @Test func forbiddenCharactersAreFoundAtEveryOffset() {
    let scalars: [Unicode.Scalar] =
      (0...0x20).compactMap(Unicode.Scalar.init) + ["\u{7F}", "\u{EFFF}", "\u{FEFF}", "\u{FFFD}", "\u{FFFE}", "\u{FFFF}", "ï", "\u{10000}"]
    var failures: [String] = []
    for scalar in scalars {
      for before in 0...35 {
        let text = String(repeating: "a", count: before) + String(scalar) + String(repeating: "z", count: 35 - before)
        let expected = text.unicodeScalars.allSatisfy(XMLCharacters.isAllowed)
        if XMLCharacters.allAllowed(text) != expected { failures.append("U+\(String(scalar.value, radix: 16)) after \(before)") }
        if (try? Self.oursIfAllowed([text]).written) != [expected] {
          failures.append("U+\(String(scalar.value, radix: 16)) after \(before), escaping")
        }
      }
    }
    #expect(failures.isEmpty, "\(failures)")
  }

  /// A document of one element per text, written by `XMLDocumentWriter`'s
  /// `textElementIfAllowed`, which checks the text as it escapes it; and
  /// whether each text was written.
  static func oursIfAllowed(_ texts: [String]) throws -> (bytes: [UInt8], written: [Bool]) {
    let sink = ByteSink.memory()
    let document = try XMLDocumentWriter(sink: sink, indent: 2)
    try document.startDocument()
    try document.startElement("texts")
    let written = try texts.map { try document.textElementIfAllowed("text", $0) }
    try document.endElement()
    try document.endDocument()
    return (sink.bytes, written)
  }

  /// Escaping and checking in one pass refuses exactly the texts with a
  /// character XML 1.0 cannot carry, writing nothing for them (not even a
  /// start of the element), and writes the others as libxml2 does.
  @Test func textsCheckedAsTheyAreEscapedAreRefusedOrWrittenAsLibxml2WritesThem() throws {
    let pieces = [
      "plain words ", "<", ">", "&", "\"", "\r", "\n", "\t", "日本語", "é", "\u{FFFD}", "\u{EFFF}", "\u{FEFF}", "\u{10000}",
      String(repeating: "x", count: 40), "\u{1}", "\u{1F}", "\u{FFFE}", "\u{FFFF}",
    ]
    var generator = SeededGenerator(seed: 0xC4EC_4ED)
    var texts: [String] = []
    for _ in 0..<3_000 {
      var text = ""
      for _ in 0..<Int.random(in: 0..<12, using: &generator) {
        // The last four pieces (forbidden) one time in six.
        let forbidden = Int.random(in: 0..<6, using: &generator) == 0
        text += (forbidden ? pieces.suffix(4) : pieces.dropLast(4)).randomElement(using: &generator)!
      }
      texts.append(text)
    }
    let (bytes, written) = try Self.oursIfAllowed(texts)
    let expected = texts.map { $0.unicodeScalars.allSatisfy(XMLCharacters.isAllowed) }
    // The first texts judged wrongly, if any (not the whole list of verdicts).
    #expect(texts.indices.filter { written[$0] != expected[$0] }.prefix(3).map { texts[$0] } == [])
    #expect(expected.contains(false) && expected.contains(true))
    #expect(bytes == Self.libxml2s(zip(texts, expected).filter(\.1).map(\.0)))
  }
}

import Foundation
import JSONFormat
import ReviewCatalog
import ReviewExporting
import TestSupport
import Testing

@Suite struct JSONReaderTests {
  static let loader = CatalogLoader(registry: try! FormatRegistry(readers: [JSONReader()]))

  /// The diagnostics of loading `text`, one description each.
  static func problems(_ text: String) -> [String] {
    problems(Array(text.utf8))
  }

  static func problems(_ bytes: [UInt8]) -> [String] {
    do {
      _ = try loader.load(CatalogSource(name: "t.json", bytes: bytes), with: JSONReader())
      return []
    } catch {
      return error.diagnostics.map(\.description)
    }
  }

  @Test(arguments: try Fixtures.names(in: "invalid", withExtension: "json"))
  func invalidFixtureGivesExactlyItsDiagnostics(_ name: String) throws {
    let source = CatalogSource(name: "\(name).json", bytes: try Fixtures.bytes("invalid/\(name).json"))
    let expected = String(decoding: try Fixtures.bytes("invalid/\(name).expected"), as: UTF8.self)
      .split(separator: "\n").dropLast().map(String.init)  // the last line is the CLI's count
    #expect(!expected.isEmpty)
    do {
      _ = try Self.loader.load(source, with: JSONReader())
      Issue.record("\(name) was accepted")
    } catch {
      #expect(error.diagnostics.map(\.description) == expected)
    }
  }

  @Test func syntaxErrorsAreLocated() {
    #expect(Self.problems("") == ["t.json:1:1: error: the file is empty; a catalog is a JSON object that starts with '{'"])
    #expect(Self.problems("{\n  \"formatVersion\": 01") == ["t.json:2:20: error: numbers must not have leading zeros"])
    #expect(Self.problems("{\"a\":\"x\ny\"}").last == "t.json:1:8: error: a line break inside a string must be escaped (\\n, \\t, \\u00XX)")
    #expect(Self.problems("{\"a\": \"\\ud800\"}").last == "t.json:1:8: error: unpaired surrogate \\uD800; a high surrogate must be followed by a low one")
    #expect(Self.problems("{\"a\": \"\\x\"}").last == #"t.json:1:8: error: invalid escape '\x'; JSON allows \" \\ \/ \b \f \n \r \t and \uXXXX"#)
    #expect(Self.problems("[1, 2]") == ["t.json:1:1: error: expected an object (the catalog document), found an array"])
    #expect(Self.problems("{\"formatVersion\": tru}") == ["t.json:1:19: error: unexpected 't'; expected a value"])
    // Structural problems found before a syntax error are listed too.
    #expect(
      Self.problems("{\"a\": 1,}") == [
        "t.json:1:2: error: unknown key 'a' in the catalog document; allowed keys: formatVersion, catalog, people, works, reviews",
        "t.json:1:9: error: unexpected '}'; expected a key in double quotes",
      ])
  }

  @Test func invalidUTF8IsLocated() {
    // Line 2, after "é" (one column) and the opening quote.
    let bytes = Array("{\n\"é\":\"ab".utf8) + [0xC3, 0x28] + Array("\"}".utf8)
    #expect(Self.problems(bytes).last == "t.json:2:8: error: invalid UTF-8 (byte 0xC3); save the file as UTF-8")
  }

  /// Every kind of invalid UTF-8, in a plain string and in one with an
  /// escape, including a cut 4-byte sequence, which Swift repairs to a
  /// replacement character of the same length (3 bytes).
  @Test(
    arguments: [
      [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF5, 0x80, 0x80, 0x80], [0x80], [0xF0, 0x9F, 0x98], [0xFE],
    ] as [[UInt8]])
  func everyKindOfInvalidUTF8IsCaught(_ sequence: [UInt8]) {
    for prefix in ["ab", "a\\nb", "é"] {
      let bytes = Array("{\"x\":\"\(prefix)".utf8) + sequence + Array("z\"}".utf8)
      let column = 7 + prefix.unicodeScalars.count
      #expect(
        Self.problems(bytes).last
          == "t.json:1:\(column): error: invalid UTF-8 (byte 0x\(String(sequence[0], radix: 16, uppercase: true))); save the file as UTF-8",
        "\(prefix) \(sequence)")
    }
  }

  /// Strings made of random pieces (ASCII runs longer and shorter than the
  /// scanner's sixteen-byte blocks, characters of two to four bytes, escapes,
  /// and now and then a broken sequence) read as the pieces say: the text
  /// they stand for, or an error at the first broken byte. The scanner finds
  /// a string's end and checks its UTF-8 in one pass; this holds it to both.
  @Test func randomStringsReadAsTheirPiecesSay() throws {
    let valid: [(raw: [UInt8], text: String)] = [
      (Array("plain".utf8), "plain"), (Array("a longer run of plain text".utf8), "a longer run of plain text"),
      (Array("é".utf8), "é"), (Array("日本".utf8), "日本"), (Array("😀".utf8), "😀"), (Array("\\n".utf8), "\n"),
      (Array("\\\"".utf8), "\""), (Array("\\u00e9".utf8), "é"), (Array("\\ud83d\\ude00".utf8), "😀"), (Array("\\/".utf8), "/"),
      (Array("x".utf8), "x"), (Array("\u{7F}".utf8), "\u{7F}"), (Array("\u{10FFFF}".utf8), "\u{10FFFF}"),
    ]
    let broken: [[UInt8]] = [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xFF], [0xF0, 0x9F, 0x98]]
    var generator = SeededGenerator(seed: 0x5CA7)
    for round in 0..<3000 {
      var raw: [UInt8] = []
      var text = ""
      var firstBroken: (column: Int, byte: UInt8)?  // columns count Unicode scalars
      for _ in 0..<Int.random(in: 0...12, using: &generator) {
        if firstBroken == nil && Int.random(in: 0..<40, using: &generator) == 0 {
          let piece = broken.randomElement(using: &generator)!
          firstBroken = (String(decoding: raw, as: UTF8.self).unicodeScalars.count, piece[0])
          raw += piece
        } else {
          let piece = valid.randomElement(using: &generator)!
          raw += piece.raw
          text += piece.text
        }
      }
      let prefix = Array(#"{"formatVersion":1,"catalog":{"id":"c","title":""#.utf8)
      let bytes = prefix + raw + Array(#""},"people":[],"works":[],"reviews":[]}"#.utf8)
      if let firstBroken {
        let column = prefix.count + 1 + firstBroken.column
        #expect(
          Self.problems(bytes).last
            == "t.json:1:\(column): error: invalid UTF-8 (byte 0x\(String(firstBroken.byte, radix: 16, uppercase: true))); save the file as UTF-8",
          "round \(round): \(raw)")
      } else {
        let catalog = try JSONReader().read(CatalogSource(name: "t.json", bytes: bytes)).catalog
        #expect(catalog.info.title == text, "round \(round): \(raw)")
        #expect(Array(catalog.info.title.utf8) == Array(text.utf8))
        // Whether a string is all ASCII is a flag the scanner sets; counting in UTF-16 trusts it.
        #expect(catalog.info.title.count == text.count && catalog.info.title.utf16.count == text.utf16.count, "round \(round): \(raw)")
      }
    }
  }

  @Test func aByteOrderMarkIsIgnored() throws {
    let bytes = [0xEF, 0xBB, 0xBF] + (try Fixtures.bytes("catalogs/world-cinema.json"))
    #expect(Self.problems(bytes) == [])
  }

  @Test func escapesDecodeToTheSameScalars() throws {
    let text = #"{"formatVersion":1,"catalog":{"id":"c","title":"\u00e9\ud83d\ude00\u0000\/"},"people":[],"works":[],"reviews":[]}"#
    let catalog = try JSONReader().read(CatalogSource(name: "t.json", bytes: Array(text.utf8))).catalog
    #expect(Array(catalog.info.title.unicodeScalars) == ["é", "😀", "\u{0}", "/"])
  }

  /// A known key in plain ASCII is matched on its bytes, any other is read
  /// as a string first: the two ways agree on what a key is.
  @Test func keysAreTheSameKeysWrittenPlainOrEscaped() throws {
    let plain = #"{"formatVersion":1,"catalog":{"id":"c","title":"t"},"people":[],"works":[],"reviews":[]}"#
    let escaped = #"{"formatVersion":1,"catalog":{"\u0069d":"c","t\u0069tle":"t"},"people":[],"works":[],"reviews":[]}"#
    let read = { (text: String) in try JSONReader().read(CatalogSource(name: "t.json", bytes: Array(text.utf8))).catalog }
    #expect(try read(escaped) == (try read(plain)))
    // Repeated, plain then escaped and escaped then plain: the same message.
    for (first, second) in [("\"title\"", "\"t\\u0069tle\""), ("\"t\\u0069tle\"", "\"title\"")] {
      #expect(
        Self.problems(#"{"formatVersion":1,"catalog":{"id":"c","# + first + #":"t","# + second + #":"u"},"people":[],"works":[],"reviews":[]}"#)
          == ["t.json:1:\(45 + first.utf8.count): error: catalog.title: duplicate key 'title'; each key may appear once in the catalog object"])
    }
    // Near a known key but not one: unknown, whichever way it is written.
    #expect(
      Self.problems(#"{"formatVersion":1,"catalog":{"id":"c","titl":"t"},"people":[],"works":[],"reviews":[]}"#) == [
        "t.json:1:30: error: catalog.title: missing required key 'title' in the catalog object",
        "t.json:1:40: error: catalog: unknown key 'titl' in the catalog object; did you mean 'title'?",
      ])
  }

  @Test func deepNestingInAnUnknownKeyIsSkippedWithoutRecursion() {
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    let text = #"{"formatVersion":1,"extra":"# + deep + #","catalog":{"id":"c","title":"t"},"people":[],"works":[],"reviews":[]}"#
    #expect(
      Self.problems(text) == ["t.json:1:20: error: unknown key 'extra' in the catalog document; allowed keys: formatVersion, catalog, people, works, reviews"])
  }
}

import Foundation
import JSONFormat
import ReviewCatalog
import ReviewExporting
import TestSupport
import Testing

@testable import YAMLFormat

/// A document parsed in chunks on two threads hands over what one parser
/// reading it whole does: the same events, texts, positions, and the same
/// first error after the same events.
@Suite struct YAMLChunkedParserTests {
  /// Every event of `yaml` (and the error that ended them, if any), read
  /// whole or in chunks of about `chunkSize` bytes.
  static func events(_ yaml: String, chunkSize: Int?) -> [String] {
    events(Array(yaml.utf8), chunkSize: chunkSize)
  }

  static func events(_ bytes: [UInt8], chunkSize: Int?) -> [String] {
    bytes.withUnsafeBufferPointer { buffer in
      var described: [String] = []
      do {
        let reader = try YAMLEventReader(bytes: buffer, chunkSize: chunkSize ?? .max)
        while let event = try reader.next() {
          switch event {
          case .scalar(let scalar):
            described.append("scalar \(scalar.text.debugDescription) plain=\(scalar.isPlain) tag=\(scalar.tag?.rawValue ?? "-") at \(scalar.position)")
          case .mappingStart(let position): described.append("mapping at \(position)")
          case .sequenceStart(let position): described.append("sequence at \(position)")
          case .mappingEnd: described.append("mapping end")
          case .sequenceEnd: described.append("sequence end")
          }
        }
      } catch {
        described.append("error \(error)")
      }
      return described
    }
  }

  /// Whether the reader for `yaml` would cut it at `chunkSize`.
  static func isCut(_ yaml: String, chunkSize: Int) -> Bool {
    Array(yaml.utf8).withUnsafeBufferPointer { YAMLChunkedParser(bytes: $0, chunkSize: chunkSize) != nil }
  }

  static func expectSameAsWhole(_ yaml: String, chunkSizes: [Int] = [1, 8, 30, 64, 200], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let whole = events(yaml, chunkSize: nil)
    for size in chunkSizes {
      let chunked = events(yaml, chunkSize: size)
      #expect(chunked == whole, "chunks of \(size) bytes", sourceLocation: sourceLocation)
    }
  }

  static let catalogLike = """
    formatVersion: 1
    catalog:
      id: c
      title: T
    people:
    - id: p1
      name: "Ann \\"A\\" Lee"
    - &person id: p2
      name: Bo
    works:
    - id: w
      credits:
      - person: p1
        role: director
      tags: [a, b,
        c]
    reviews:
    - id: r1
      body: |
        First line
        - not an item, a line of a block scalar
      rating: {value: 3.5, scale: 5}
    # a comment at column 0
    - id: r2
      copy: *person
      headline: plain text
        that runs on
    - id: r3
      summary: !!str 12

    - id: r4
      quote: 'single ''quoted'''

    """

  @Test func aCatalogReadsTheSameInChunksOfEverySize() {
    #expect(Self.isCut(Self.catalogLike, chunkSize: 30))
    Self.expectSameAsWhole(Self.catalogLike, chunkSizes: Array(1...120) + [200, 400])
  }

  @Test func theFixtureCatalogsReadTheSameInChunks() throws {
    for name in ["catalogs/world-cinema.yaml", "golden/world-cinema.yaml"] {
      let yaml = String(decoding: try Fixtures.bytes(name), as: UTF8.self)
      #expect(Self.isCut(yaml, chunkSize: 256), "\(name)")
      Self.expectSameAsWhole(yaml, chunkSizes: [1, 50, 256, 1000, 4096])
    }
  }

  /// Cuts that fall where a line starting with `- ` is not an item: the
  /// chunk before fails its check and one parser reads on from there.
  @Test func cutsInsideQuotedTextsAndFlowCollectionsChangeNothing() {
    let cases = [
      "reviews:\n- a: \"one\n- two\"\n- b: 2\n- c: 3\n",
      "reviews:\n- a: 'one\n- two'\n- b: 2\n- c: 3\n",
      "reviews:\n- a: [1,\n- 2]\n- b: 2\n",
      "reviews:\n- a: {x: 1,\n- y: 2}\n- b: 2\n",
      "key: \"text\n- more\n- and more\"\nother: 1\n",
    ]
    for yaml in cases { Self.expectSameAsWhole(yaml, chunkSizes: [1, 5, 10, 14, 20]) }
  }

  @Test func documentsThatAreNotACatalogsShapeReadTheSame() {
    let cases = [
      // A sequence at the top, indented sequences, a column-0 item after an indented one.
      "- a\n- b\n- c\n- d\n",
      "reviews:\n  - a\n  - b\n- c\n- d\n",
      "a:\n  b:\n  - x\n  - y\n- z\n",
      // Keys after the sequence, another sequence, a second document, an end marker.
      "reviews:\n- a\n- b\nworks:\n- c\n- d\nlast: 1\n",
      "reviews:\n- a\n- b\n---\n- c\n- d\n",
      "reviews:\n- a\n- b\n...\n",
      // Anchors in one chunk, aliases in the next; tags.
      "people:\n- &p {id: 1}\n- !!map {id: 2}\nreviews:\n- *p\n- *p\n- !!str 3\n- *missing\n",
      // Directives: not cut at all.
      "%TAG !! tag:example.com,2000:\n---\nreviews:\n- !!str a\n- !!str b\n- !!str c\n",
      // Syntax errors after a cut.
      "reviews:\n- a: 1\n- b: 2\n- c: [\n- d: 4\n",
      "reviews:\n- a: 1\n- b: 2\n- c: 3\n  d: : :\n- e: 5\n",
      "reviews:\n- a: 1\n- b\tc: 2\n- \"unterminated\n",
    ]
    for yaml in cases { Self.expectSameAsWhole(yaml, chunkSizes: [1, 3, 7, 12, 25]) }
    #expect(!Self.isCut("%TAG !! tag:example.com,2000:\n---\nreviews:\n- a\n- b\n", chunkSize: 1))
  }

  /// libyaml ends a line at CR LF, a CR alone, NEL, LS and PS as well as LF:
  /// the lines before a chunk are counted as it counts them.
  @Test func linesAreCountedAsLibYAMLCountsThem() {
    let yaml = "reviews:\r\n- a: \"x\ry\"\n- b: \"one\u{85}two\u{2028}three\u{2029}four\"\n- c: 'p\r\nq'\n- d: [\n]\n- e: *nothing\n"
    Self.expectSameAsWhole(yaml, chunkSizes: [1, 4, 9, 16, 30])
    // Twelve lines as libyaml counts them; LF alone would make six.
    #expect(Self.events(yaml, chunkSize: 1).suffix(2).first == "scalar \"e\" plain=true tag=- at 12:3")
  }

  /// `YAMLReader(parseChunkSize:)`: the same catalog, or the same problems,
  /// whatever the chunks, read whole and streamed.
  @Test func theReaderGivesTheSameCatalogAndProblemsAtAnyChunkSize() throws {
    let loader = CatalogLoader(registry: try FormatRegistry(readers: [YAMLReader()]))
    let yaml = try Fixtures.bytes("catalogs/world-cinema.yaml")
    let golden = try Fixtures.bytes("golden/world-cinema.json")
    // The same catalog with a rating above its scale.
    let broken = Array(String(decoding: yaml, as: UTF8.self).replacingOccurrences(of: "value: 8.0", with: "value: 80").utf8)
    #expect(broken != yaml)
    var problems: [[String]] = []
    for size in [1, 64, 300, 4096, Int.max] {
      let reader = YAMLReader(parseChunkSize: size)
      let catalog = try loader.load(CatalogSource(name: "w.yaml", bytes: yaml), with: reader)
      #expect(try Render.bytes(JSONExporter(), catalog) == golden, "chunks of \(size)")
      do {
        _ = try loader.load(CatalogSource(name: "w.yaml", bytes: broken), with: reader)
        Issue.record("the broken catalog was read, chunks of \(size)")
      } catch {
        problems.append(error.diagnostics.map(\.description))
      }
    }
    #expect(Set(problems.map { $0.joined(separator: "\n") }).count == 1)
    #expect(problems.first?.isEmpty == false)
  }

  /// A reader let go after a few events stops its threads (they read the
  /// input, which goes with it); so does one let go after a failed chunk.
  @Test func aReaderLetGoEarlyStopsItsThreads() throws {
    let items = (0..<400).map { "- id: item-\($0)\n  text: \"\($0) é\"\n" }.joined()
    for (index, yaml) in ["reviews:\n" + items, "reviews:\n- a: \"x\n- y\"\n" + items].enumerated() {
      for taken in [0, 1, 10, 500] {
        try Array(yaml.utf8).withUnsafeBufferPointer { buffer in
          let reader = try YAMLEventReader(bytes: buffer, chunkSize: 64)
          for _ in 0..<taken { _ = try reader.next() }
        }
      }
      #expect(Self.events(yaml, chunkSize: 64) == Self.events(yaml, chunkSize: nil), "document \(index)")
    }
  }

  /// A byte that is not UTF-8, or a control character, is placed at its
  /// line and column (libyaml gives no place for it: it was 1:1; a
  /// sequence with a bad trailing byte at its lead byte), read
  /// whole or in chunks. libyaml checks its input some kilobytes ahead of
  /// where it parses, so one parser can stop there before events that
  /// chunks hand over: only the error is the same.
  @Test func bytesThatAreNotYAMLTextArePlacedExactly() {
    let cases: [([UInt8], String)] = [
      (Array("reviews:\n- a: 1\n- b: é".utf8) + [0xFF] + Array("\n- c: 3\n".utf8), "3:7"),
      (Array("reviews:\r\n- a: 1\r\n- b: 2\r\n- c: \"x\u{01}\"\n".utf8), "4:8"),
      (Array("reviews:\n- a: \"\u{2028}é\u{2028}".utf8) + [0xE2, 0x28] + Array("\"\n- b: 2\n".utf8), "4:1"),
      ([0xC3] + Array("reviews:\n- a\n- b\n".utf8), "1:1"),
      (Array("catalog:\n  title: \"Caf".utf8) + [0xE9] + Array("\"\nreviews:\n- a\n- b\n".utf8), "2:14"),
    ]
    for (bytes, place) in cases {
      let whole = Self.events(bytes, chunkSize: nil).last
      #expect(whole?.contains("position: Optional(\(place))") == true, "\(whole ?? "")")
      #expect(whole?.contains(YAMLEventParser.textRule) == true)
      for size in [1, 4, 9, 30] { #expect(Self.events(bytes, chunkSize: size).last == whole, "chunks of \(size)") }
    }
  }

  /// Random documents of catalog-like lines, hostile texts among them, read
  /// whole and in chunks of random sizes.
  @Test func randomDocumentsReadTheSameInChunks() {
    var random = SeededGenerator(seed: 21)
    let values = [
      "plain", "\"double \\\" quoted\"", "'single'' quoted'", "\"runs\n  on\"", "\"runs\n- on at column 0\"", "'runs\n- on'",
      "[1, 2,\n  3]", "{a: 1,\n- b: 2}", "|\n    block\n    - text", ">\n    folded\n\n    text", "&a anchored", "*a", "!!str 12",
      "\"\\u00e9t\\u00e9 \\L \\P \\N\"", "\"é 日本 🎬\"", "- nested\n  - deeper", "", "null", "\"tab\there\"", "x: y: z",
      "\"\u{2028}\"", "'\u{85}'",
    ]
    let keys = ["id", "body", "tags", "? complex", "\"quoted key\"", "a b"]
    for _ in 0..<300 {
      var yaml = Bool.random(using: &random) ? "formatVersion: 1\n" : ""
      for section in ["people", "reviews"].prefix(Int.random(in: 1...2, using: &random)) {
        yaml += "\(section):\n"
        for _ in 0..<Int.random(in: 0...8, using: &random) {
          yaml += "- "
          for (index, key) in keys.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random)).enumerated() {
            yaml += (index == 0 ? "" : "  ") + "\(key): \(values.randomElement(using: &random)!)\n"
          }
          if Int.random(in: 0..<10, using: &random) == 0 { yaml += "# comment\n\n" }
        }
      }
      let sizes = (0..<3).map { _ in Int.random(in: 1...80, using: &random) }
      Self.expectSameAsWhole(yaml, chunkSizes: sizes)
    }
  }
}

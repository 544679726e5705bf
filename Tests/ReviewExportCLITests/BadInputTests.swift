import Foundation
import ReviewCatalog
import TestSupport
import Testing

/// Input nobody should write, but somebody will: each gives a clear, located
/// error and exit 1, never a crash, and writes nothing.
@Suite struct BadInputTests {
  static let fixture = try! Fixtures.bytes("catalogs/world-cinema.json")

  /// Exports `bytes` as a catalog named `name`; returns what the tool said.
  static func export(_ bytes: [UInt8], name: String = "bad.json") throws -> ToolRunner.Outcome {
    let folder = try Fixtures.temporaryFolder()
    let input = folder.appendingPathComponent(name)
    try Data(bytes).write(to: input)
    let output = folder.appendingPathComponent("out")
    let outcome = try ToolRunner.run(["export", input.path, "-o", output.path, "-f", "json,xml"])
    let written = (try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []
    #expect(written.isEmpty)
    return outcome
  }

  static func firstError(_ outcome: ToolRunner.Outcome) -> String {
    String(outcome.stderr.split(separator: "\n").first ?? "")
  }

  /// Each case: the bytes and the start of the first error, with positions
  /// worked out independently (by Python) from the fixture's bytes.
  static func sample(_ name: String) -> ([UInt8], String) {
    let text = String(decoding: fixture, as: UTF8.self)
    switch name {
    case "truncated":
      return (Array(fixture.prefix(3000)), "bad.json:80:32: error: unterminated string; add the closing")
    case "invalid UTF-8":
      return (
        Array(fixture.prefix(200)) + [0xFF, 0xFE] + Array(fixture.dropFirst(200)), "bad.json:6:99: error: invalid UTF-8 (byte 0xFF); save the file as UTF-8"
      )
    case "UTF-16":
      return ([0xFF, 0xFE] + Array("{".utf8).flatMap { [$0, 0] }, "bad.json:1:1: error: the file is UTF-16 or UTF-32, not UTF-8; save it as UTF-8")
    case "NUL bytes":
      return (Array(fixture.prefix(50)) + [0] + Array(fixture.dropFirst(50)), "bad.json:4:12: error: control character U+0000 inside a string must be escaped")
    case "number beyond 64 bits":
      return (
        Array(text.replacingOccurrences(of: "\"year\": 2019", with: "\"year\": 123456789012345678901234567890").utf8),
        "bad.json:27:15: error: works[0].year: 123456789012345678901234567890 does not fit in a 64-bit integer"
      )
    default:
      return ([], "bad.json:1:1: error: the file is empty; a catalog is a JSON object that starts with '{'")
    }
  }

  @Test(arguments: ["truncated", "invalid UTF-8", "UTF-16", "NUL bytes", "number beyond 64 bits", "empty"])
  func eachGivesALocatedErrorAndWritesNothing(_ name: String) throws {
    let (bytes, expected) = Self.sample(name)
    let outcome = try Self.export(bytes)
    #expect(outcome.status == 1, "\(name)")
    // The file is named by its full path: compare from "bad.json:" on.
    let error = Self.firstError(outcome)
    let located = error.range(of: "bad.json:").map { String(error[$0.lowerBound...]) } ?? error
    #expect(located.hasPrefix(expected), "\(name): \(outcome.stderr)")
  }

  @Test func aByteOrderMarkIsAccepted() throws {
    let outcome = try ToolRunner.run(["validate", "-", "--input-format", "json"], stdin: [0xEF, 0xBB, 0xBF] + Self.fixture)
    #expect(outcome.status == 0)
  }

  @Test func aHundredMegabyteStringThatNeverEndsIsLocated() throws {
    let huge = Array("{\"formatVersion\": 1, \"catalog\": {\"id\": \"c\", \"title\": \"".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 100_000_000)
    let outcome = try Self.export(huge)
    #expect(outcome.status == 1)
    #expect(Self.firstError(outcome).hasSuffix("bad.json:1:54: error: unterminated string; add the closing '\"'"))
  }

  @Test func deepNestingInAnyPlaceIsAnErrorNotACrash() throws {
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    let text = #"{"formatVersion": 1, "catalog": {"id": "c", "title": "t"}, "people": [\#(deep)], "works": [], "reviews": []}"#
    let outcome = try Self.export(Array(text.utf8))
    #expect(outcome.status == 1)
    #expect(Self.firstError(outcome).hasSuffix("bad.json:1:71: error: people[0]: expected an object (a person), found an array"))
  }

  @Test func duplicateKeysAreErrors() throws {
    let text = String(decoding: Self.fixture, as: UTF8.self).replacingOccurrences(
      of: "\"title\": \"Wolf Warrior 2\",", with: "\"title\": \"Wolf Warrior 2\", \"title\": \"Again\",")
    let outcome = try Self.export(Array(text.utf8))
    #expect(outcome.status == 1)
    #expect(outcome.stderr.contains("works[2].title: duplicate key 'title'; each key may appear once in a work"))
  }

  /// Replaces every value of the fixture, one at a time, with a value of another
  /// type, and checks that exactly that place is reported.
  @Test func everyWrongTypeAtEveryLevelIsReportedAtItsPath() throws {
    let root = try JSONSerialization.jsonObject(with: Data(Self.fixture)) as! [String: Any]
    var paths: [([Any], String)] = []
    func walk(_ value: Any, _ path: [Any], _ text: String) {
      paths.append((path, text))
      if let object = value as? [String: Any] {
        for key in object.keys.sorted() { walk(object[key]!, path + [key], text.isEmpty ? key : "\(text).\(key)") }
      } else if let array = value as? [Any], let first = array.first {
        walk(first, path + [0], "\(text)[0]")
      }
    }
    walk(root, [], "")
    func replaced(_ value: Any, _ path: ArraySlice<Any>) -> Any {
      guard let step = path.first else {
        // Another type: objects and arrays become a string; strings and numbers become an array.
        return (value is [String: Any] || value is [Any]) ? "wrong" as Any : [1] as Any
      }
      if let key = step as? String, var object = value as? [String: Any] {
        object[key] = replaced(object[key]!, path.dropFirst())
        return object
      }
      var array = value as! [Any]
      array[0] = replaced(array[0], path.dropFirst())
      return array
    }
    for (path, text) in paths.dropFirst() {
      let document = replaced(root, path[...])
      let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
      let problems = try ToolRunner.run(["validate", "-", "--input-format", "json"], stdin: [UInt8](data))
      #expect(problems.status == 1, "\(text)")
      #expect(problems.stderr.contains(": error: \(text): expected "), "\(text): \(problems.stderr)")
    }
    #expect(paths.count > 70)
  }
}

/// Unknown keys that are huge, many, or full of terminal controls: reported
/// fast, short and escaped.
@Suite struct UnknownKeyTests {
  static let fixture = String(decoding: try! Fixtures.bytes("catalogs/world-cinema.json"), as: UTF8.self)

  static func run(_ text: String) throws -> ToolRunner.Outcome {
    let folder = try Fixtures.temporaryFolder()
    let input = folder.appendingPathComponent("keys.json")
    try Data(text.utf8).write(to: input)
    return try ToolRunner.run(["validate", input.path])
  }

  @Test func aHugeUnknownKeyIsReportedShortAndFast() throws {
    let key = String(repeating: "k", count: 20_000_000)
    let outcome = try Self.run(Self.fixture.replacingOccurrences(of: "\"formatVersion\": 1,", with: "\"formatVersion\": 1, \"\(key)\": 0,"))
    #expect(outcome.status == 1)
    #expect(outcome.stderr.utf8.count < 1_000, "the message holds the whole key")
    #expect(outcome.stderr.contains("unknown key 'kkkkkkkkkk"))
    #expect(outcome.stderr.contains("…' in the catalog document; allowed keys: formatVersion, catalog, people, works, reviews"))
  }

  @Test func manyLargeUnknownKeysAreReportedEachOnce() throws {
    let key = String(repeating: "x", count: 20_000)
    let reviews = (0..<300).map { index in
      """
      {"id": "r\(index)", "work": "the-wandering-earth", "critic": "staff-critic", "published": "2020-01-01", "headline": "h", \
      "body": "b", "tags": [], "mentions": [], "quotes": [], "sources": [], "\(key)": \(index)}
      """
    }
    var text = Self.fixture
    let start = text.range(of: "\"reviews\": [")!
    text = String(text[..<start.upperBound]) + reviews.joined(separator: ",\n") + "]}\n"
    let outcome = try Self.run(text)
    #expect(outcome.status == 1)
    #expect(outcome.stderr.components(separatedBy: "unknown key 'xxxx").count - 1 == 300)
    #expect(outcome.stderr.utf8.count < 300 * 400)
  }

  @Test func controlCharactersInKeysAreEscaped() throws {
    let outcome = try Self.run(
      Self.fixture.replacingOccurrences(
        of: "\"formatVersion\": 1,", with: "\"formatVersion\": 1, \"a\\u001b]0;owned\\u0007\": 1, \"b\\u001b\": 1, \"b\\u001b\": 2,"))
    #expect(outcome.status == 1)
    #expect(!outcome.stderr.contains("\u{1B}"), "an escape character reached the terminal")
    #expect(!outcome.stderr.contains("\u{07}"))
    #expect(outcome.stderr.contains("unknown key 'a\\u{1B}]0;owned\\u{7}' in the catalog document"))
    #expect(outcome.stderr.contains("unknown key 'b\\u{1B}' in the catalog document"))
  }

  @Test(arguments: [("<<", nil), ("zz", nil), ("a0", nil), ("raiting", "rating"), ("titel", "title"), ("Id", "id"), ("ib", "id")])
  func suggestionsAreMadeOnlyForNearMisses(_ typed: String, _ expected: String?) throws {
    let keys = ["id", "work", "critic", "publication", "published", "headline", "summary", "rating", "title", "body"]
    #expect(ObjectShape.nearest(to: typed, among: keys) == expected)
  }
}

/// An unknown key does not hide the catalog's other problems, wherever it is.
@Suite struct UnknownKeysHideNothingTests {
  @Test(arguments: ["json", "yaml", "xml"])
  func anUnknownTopLevelKeyIsReportedBesideEveryOtherProblem(_ format: String) throws {
    let folder = try Fixtures.temporaryFolder()
    #expect(try ToolRunner.run(["export", "Fixtures/catalogs/world-cinema.json", "-f", format, "-o", folder.path, "-q"]).status == 0)
    let file = folder.appendingPathComponent("world-cinema.\(format)")
    var text = try String(contentsOf: file, encoding: .utf8)
    switch format {
    case "json":
      text = text.replacingOccurrences(of: "\"formatVersion\": 1,", with: "\"formatVersion\": 1, \"bogus\": 1,")
      text = text.replacingOccurrences(of: "\"scale\": 5", with: "\"scale\": 0")
    case "yaml":
      text = text.replacingOccurrences(of: "formatVersion: 1\n", with: "formatVersion: 1\nbogus: 1\n")
      text = text.replacingOccurrences(of: "scale: 5\n", with: "scale: 0\n")
    default:
      text = text.replacingOccurrences(of: "<people>", with: "<bogus/><people>")
      text = text.replacingOccurrences(of: "<scale>5</scale>", with: "<scale>0</scale>")
    }
    try Data(text.utf8).write(to: file)
    let outcome = try ToolRunner.run(["validate", file.path])
    #expect(outcome.status == 1)
    #expect(outcome.stderr.contains("unknown "), "\(outcome.stderr)")
    #expect(outcome.stderr.contains("rating.scale: a rating's scale must be 1 or more, not 0"), "\(outcome.stderr)")
  }
}

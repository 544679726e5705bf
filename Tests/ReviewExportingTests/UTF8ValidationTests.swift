import ReviewExporting
import TestSupport
import Testing

/// `UTF8Validation` decides what becomes a string without Swift checking it
/// again, so its verdicts must be Swift's own, byte for byte: these compare
/// it with `String(validating:as:)` on every one- and two-byte sequence, on
/// every lead byte with the boundary values of the bytes after it, and on
/// random texts, each at alignments around the sixteen-byte ASCII skip.
@Suite struct UTF8ValidationTests {
  /// The bytes around every boundary the UTF-8 rules draw after a lead byte.
  static let boundaries: [UInt8] = [0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF]

  /// Checks `sequence` alone and inside ASCII runs that put it at every
  /// offset of a sixteen-byte block, returning the first disagreement.
  static func disagreement(_ sequence: [UInt8], paddings: [Int] = [0, 1, 8, 15, 16, 17, 31]) -> String? {
    for padding in paddings {
      for bytes in [Array(repeating: 0x61, count: padding) + sequence + Array(repeating: 0x62, count: padding)] {
        let expected = String(validating: bytes, as: UTF8.self)
        let (made, firstInvalid) = bytes.withUnsafeBufferPointer { (UTF8Validation.string($0), UTF8Validation.firstInvalid(in: $0)) }
        guard made == expected else { return "\(bytes): made \(String(describing: made)), Swift says \(String(describing: expected))" }
        guard (firstInvalid == bytes.count) == (expected != nil) else { return "\(bytes): first invalid byte \(firstInvalid)" }
        if let made, let expected {
          // The same string in every view (a wrong ASCII flag shows in the scalars and the characters).
          guard Array(made.utf8) == bytes, Array(made.unicodeScalars) == Array(expected.unicodeScalars), made.count == expected.count
          else { return "\(bytes): the string made differs from Swift's" }
        }
      }
    }
    return nil
  }

  @Test func everyOneAndTwoByteSequenceIsJudgedAsSwiftJudgesIt() {
    var failures: [String] = []
    for first in 0...255 {
      if let problem = Self.disagreement([UInt8(first)]) { failures.append(problem) }
      for second in 0...255 {
        if let problem = Self.disagreement([UInt8(first), UInt8(second)]) { failures.append(problem) }
      }
    }
    #expect(failures.isEmpty, "\(failures.prefix(5))")
  }

  @Test func everyLeadByteWithTheBoundariesAfterItIsJudgedAsSwiftJudgesIt() {
    var failures: [String] = []
    for lead in 0x80...0xFF {
      for second in Self.boundaries {
        for third in Self.boundaries {
          if let problem = Self.disagreement([UInt8(lead), second, third], paddings: [0, 7, 17]) { failures.append(problem) }
          for fourth in Self.boundaries {
            if let problem = Self.disagreement([UInt8(lead), second, third, fourth], paddings: [0, 7, 17]) { failures.append(problem) }
          }
        }
      }
    }
    #expect(failures.isEmpty, "\(failures.prefix(5))")
  }

  @Test func everyValidScalarIsAccepted() {
    var failures: [String] = []
    for value in stride(from: 0x80, through: 0x10FFFF, by: 7) {
      guard let scalar = Unicode.Scalar(value) else { continue }
      if let problem = Self.disagreement(Array(String(scalar).utf8)) { failures.append(problem) }
    }
    #expect(failures.isEmpty, "\(failures.prefix(5))")
  }

  @Test func randomTextsAreJudgedAsSwiftJudgesThem() {
    var generator = SeededGenerator(seed: 21)
    let pieces: [[UInt8]] = [
      Array("plain text ".utf8), Array("é".utf8), Array("日本語".utf8), Array("👩‍👩‍👧".utf8), Array("🇫🇷".utf8), [0x80], [0xC0, 0x80], [0xED, 0xA0, 0x80],
      [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xFF], Array(repeating: 0x7A, count: 23),
    ]
    var failures: [String] = []
    for _ in 0..<20_000 {
      var bytes: [UInt8] = []
      for _ in 0..<Int(generator.next() % 12) {
        let piece = pieces[Int(generator.next() % UInt64(pieces.count))]
        // Mostly valid pieces, an invalid one now and then, as in a real file gone wrong.
        if String(validating: piece, as: UTF8.self) == nil && generator.next() % 4 != 0 { continue }
        bytes += piece
      }
      if let problem = Self.disagreement(bytes) { failures.append(problem) }
    }
    #expect(failures.isEmpty, "\(failures.prefix(5))")
  }

  @Test func theFirstInvalidByteIsWhereTheProblemStarts() {
    let bytes = Array("abcdefghijé".utf8) + [0xE2, 0x82] + Array("z".utf8)
    #expect(bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalid(in: $0) } == 12)
  }
}

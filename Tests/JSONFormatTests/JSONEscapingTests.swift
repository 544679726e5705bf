@testable import JSONFormat
import ReviewExporting
import TestSupport
import Testing

/// The block-at-a-time script-safe escaping (JSON-LD in an html page) gives
/// what a scalar-by-scalar escaping gives, on texts made of the characters
/// that matter, placed across the sixteen-byte blocks it reads.
@Suite struct ScriptSafeEscapingTests {
  static func reference(_ text: String) -> String {
    func unit(_ value: UInt32) -> String {
      let hex = String(value, radix: 16)
      return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
    var escaped = "\""
    for scalar in text.unicodeScalars {
      let value = scalar.value
      switch scalar {
      case "\"": escaped += "\\\""
      case "\\": escaped += "\\\\"
      case "\n": escaped += "\\n"
      case "\r": escaped += "\\r"
      case "\t": escaped += "\\t"
      case "\u{08}": escaped += "\\b"
      case "\u{0C}": escaped += "\\f"
      default:
        if value < 0x20 || value == 0x3C || value == 0x7F || (0x80...0x9F).contains(value) || (0xFDD0...0xFDEF).contains(value) {
          escaped += unit(value)
        } else if value & 0xFFFE == 0xFFFE {
          if value > 0xFFFF {
            escaped += unit(0xD800 + ((value - 0x10000) >> 10)) + unit(0xDC00 + ((value - 0x10000) & 0x3FF))
          } else {
            escaped += unit(value)
          }
        } else {
          escaped.unicodeScalars.append(scalar)
        }
      }
    }
    return escaped + "\""
  }

  @Test func theEscapingAgreesWithTheReference() throws {
    let pieces =
      [
        "<", ">", "\"", "\\", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{00}", "\u{1F}", "\u{7F}", "a", "plain text ", "é", "漢", "😀",
        "\u{80}", "\u{85}", "\u{9F}", "\u{A0}", "\u{FEFF}", "\u{FFFD}", "\u{E000}", "\u{EFFF}", "\u{F900}", "a plain run of seventeen",
      ] + [0xFDD0, 0xFDEF, 0xFFFE, 0xFFFF, 0x1FFFE, 0x10FFFE, 0x10FFFF].map { String(Unicode.Scalar($0)!) }
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<20000 {
      let text = (0..<Int.random(in: 0...16, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
      let sink = ByteSink.memory()
      try JSONEscaping.writeString(text, to: sink, escapeNonASCII: false, scriptSafe: true)
      #expect(String(decoding: sink.bytes, as: UTF8.self) == Self.reference(text), "\(text.debugDescription)")
    }
  }
}

/// The sixteen-byte tests the JSON reader and writers skip plain runs with
/// flag exactly the bytes they stand for, in every lane.
@Suite struct JSONByteVectorTests {
  static func isSpecial(_ byte: UInt8) -> Bool { byte == 0x22 || byte == 0x5C || byte < 0x20 }

  @Test func theWritersSpecialBytes() {
    #expect(ByteVectorLanes.disagreements(of: JSONStringBytes.special, with: Self.isSpecial).isEmpty)
  }

  @Test func theReadersSpecialBytesAndThoseBeyondASCII() {
    #expect(ByteVectorLanes.disagreements(of: JSONStringBytes.specialOrBeyondASCII, with: { Self.isSpecial($0) || $0 >= 0x80 }).isEmpty)
  }

  @Test func theScriptSafeWritersBytes() {
    #expect(
      ByteVectorLanes.disagreements(
        of: JSONEscaping.scriptSafeLook, with: { Self.isSpecial($0) || $0 == 0x3C || $0 == 0x7F || $0 == 0xC2 || $0 == 0xEF || $0 >= 0xF0 }
      ).isEmpty)
  }
}

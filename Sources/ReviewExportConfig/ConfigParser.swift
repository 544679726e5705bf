import Foundation

// The small subset of YAML that review-export.yml needs, parsed without a
// library (plugins cannot depend on one): block mappings and sequences,
// one-line flow sequences and mappings, plain and quoted scalars, comments.

/// A value of the config file, with the line it starts on.
indirect enum ConfigNode {
  case scalar(String, line: Int)
  case list([ConfigNode], line: Int)
  case map([(key: String, line: Int, value: ConfigNode)], line: Int)

  var line: Int {
    switch self {
    case .scalar(_, let line), .list(_, let line), .map(_, let line): line
    }
  }
}

/// A problem in the config file, at a line.
public struct ConfigError: Error, CustomStringConvertible {
  /// The config file.
  public var file: String
  /// The line the problem is on.
  public var line: Int
  /// What is wrong.
  public var message: String
  /// `file:line: error: message`.
  public var description: String { "\(file):\(line): error: \(message)" }
}

struct ConfigParser {
  private struct Line {
    var indent: Int
    var text: String
    var number: Int
  }

  private var lines: [Line] = []
  private var index = 0
  private let file: String
  /// How deep blocks are nested now; a config never needs more than a few levels.
  private var depth = 0
  static let maximumDepth = 8

  /// Parses `text`; an empty file is an empty mapping.
  static func parse(_ text: String, file: String) throws -> ConfigNode {
    var parser = ConfigParser(file: file)
    for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let content = Self.stripComment(String(raw))
      let trimmed = content.trimmingSpaces()
      guard !trimmed.isEmpty, trimmed != "---" else { continue }
      let indent = content.prefix { $0 == " " }.count
      parser.lines.append(Line(indent: indent, text: trimmed, number: number + 1))
    }
    guard let first = parser.lines.first else { return .map([], line: 1) }
    let node = try parser.block(indent: first.indent)
    if parser.index < parser.lines.count {
      throw parser.error(parser.lines[parser.index].number, "unexpected indentation")
    }
    return node
  }

  private init(file: String) { self.file = file }

  private func error(_ line: Int, _ message: String) -> ConfigError { ConfigError(file: file, line: line, message: message) }

  private mutating func block(indent: Int) throws -> ConfigNode {
    let line = lines[index]
    depth += 1
    defer { depth -= 1 }
    guard depth <= Self.maximumDepth else {
      throw error(line.number, "nested more than \(Self.maximumDepth) levels deep; a review-export.yml never is")
    }
    return line.text.hasPrefix("- ") || line.text == "-" ? try sequence(indent: indent) : try mapping(indent: indent)
  }

  private mutating func sequence(indent: Int) throws -> ConfigNode {
    let start = lines[index].number
    var items: [ConfigNode] = []
    while index < lines.count, lines[index].indent == indent, lines[index].text.hasPrefix("- ") || lines[index].text == "-" {
      let line = lines[index]
      let rest = String(line.text.dropFirst(1)).trimmingSpaces()
      if rest.isEmpty {
        index += 1
        guard index < lines.count, lines[index].indent > indent else { throw error(line.number, "an empty list item") }
        items.append(try block(indent: lines[index].indent))
      } else if Self.keyValue(rest) != nil && !rest.hasPrefix("[") && !rest.hasPrefix("{") && !rest.hasPrefix("\"") && !rest.hasPrefix("'") {
        // "- key: value" starts a mapping indented past the dash.
        let inner = indent + (line.text.count - rest.count)
        lines[index] = Line(indent: inner, text: rest, number: line.number)
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
          throw error(line.number, "nested more than \(Self.maximumDepth) levels deep; a review-export.yml never is")
        }
        items.append(try mapping(indent: inner))
      } else {
        items.append(try scalarOrFlow(rest, line: line.number))
        index += 1
      }
    }
    return .list(items, line: start)
  }

  private mutating func mapping(indent: Int) throws -> ConfigNode {
    let start = lines[index].number
    var entries: [(String, Int, ConfigNode)] = []
    while index < lines.count, lines[index].indent == indent {
      let line = lines[index]
      guard let (key, rest) = Self.keyValue(line.text) else { throw error(line.number, "expected 'key: value'") }
      if entries.contains(where: { $0.0 == key }) { throw error(line.number, "duplicate key '\(key)'") }
      index += 1
      if rest.isEmpty {
        if index < lines.count, lines[index].indent > indent {
          entries.append((key, line.number, try block(indent: lines[index].indent)))
        } else if index < lines.count, lines[index].indent == indent, lines[index].text.hasPrefix("- ") {
          entries.append((key, line.number, try sequence(indent: indent)))
        } else {
          throw error(line.number, "'\(key)' has no value")
        }
      } else {
        entries.append((key, line.number, try scalarOrFlow(rest, line: line.number)))
      }
    }
    if index < lines.count, lines[index].indent > indent {
      throw error(lines[index].number, "unexpected indentation")
    }
    return .map(entries, line: start)
  }

  private func scalarOrFlow(_ text: String, line: Int, depth: Int = 0) throws -> ConfigNode {
    if text.hasPrefix("[") || text.hasPrefix("{") {
      guard depth < 2 else { throw error(line, "'[…]' and '{…}' may hold one level of '[…]' or '{…}' at most") }
    }
    if text.hasPrefix("[") {
      guard text.hasSuffix("]") else { throw error(line, "a list that starts with '[' must end with ']' on the same line") }
      let inner = String(text.dropFirst().dropLast()).trimmingSpaces()
      return .list(try Self.splitFlow(inner).map { try scalarOrFlow($0, line: line, depth: depth + 1) }, line: line)
    }
    if text.hasPrefix("{") {
      guard text.hasSuffix("}") else { throw error(line, "a mapping that starts with '{' must end with '}' on the same line") }
      let inner = String(text.dropFirst().dropLast()).trimmingSpaces()
      var entries: [(String, Int, ConfigNode)] = []
      for part in try Self.splitFlow(inner) {
        guard let (key, value) = Self.keyValue(part), !value.isEmpty else { throw error(line, "expected 'key: value' in '{…}'") }
        entries.append((key, line, try scalarOrFlow(value, line: line, depth: depth + 1)))
      }
      return .map(entries, line: line)
    }
    return .scalar(try Self.unquote(text, line: line, file: file), line: line)
  }

  /// `key: value` or `key:`, the key possibly quoted.
  private static func keyValue(_ text: String) -> (String, String)? {
    var inQuote: Character?
    for (offset, character) in text.enumerated() {
      if let quote = inQuote {
        if character == quote { inQuote = nil }
        continue
      }
      if character == "\"" || character == "'" { inQuote = character; continue }
      if character == ":" {
        let after = text.dropFirst(offset + 1)
        guard after.isEmpty || after.first == " " else { continue }
        var key = String(text.prefix(offset)).trimmingSpaces()
        if key.count >= 2, let first = key.first, first == "\"" || first == "'", key.last == first {
          key = String(key.dropFirst().dropLast())
        }
        return key.isEmpty ? nil : (key, String(after).trimmingSpaces())
      }
    }
    return nil
  }

  private static func splitFlow(_ text: String) throws -> [String] {
    guard !text.isEmpty else { return [] }
    var parts: [String] = []
    var current = ""
    var inQuote: Character?
    for character in text {
      if let quote = inQuote {
        if character == quote { inQuote = nil }
        current.append(character)
      } else if character == "\"" || character == "'" {
        inQuote = character
        current.append(character)
      } else if character == "," {
        parts.append(current.trimmingSpaces())
        current = ""
      } else {
        current.append(character)
      }
    }
    parts.append(current.trimmingSpaces())
    return parts
  }

  private static func unquote(_ text: String, line: Int, file: String) throws -> String {
    guard let first = text.first, first == "\"" || first == "'" else { return text }
    guard text.count >= 2, text.last == first else {
      throw ConfigError(file: file, line: line, message: "a quoted value must end with \(first) on the same line")
    }
    let inner = String(text.dropFirst().dropLast())
    if first == "'" { return inner.replacingOccurrences(of: "''", with: "'") }
    return inner.replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
  }

  private static func stripComment(_ line: String) -> String {
    var inQuote: Character?
    var previous: Character = " "
    for (offset, character) in line.enumerated() {
      if let quote = inQuote {
        if character == quote { inQuote = nil }
      } else if character == "\"" || character == "'" {
        inQuote = character
      } else if character == "#" && (previous == " " || offset == 0) {
        return String(line.prefix(offset))
      }
      previous = character
    }
    return line
  }
}

extension String {
  fileprivate func trimmingSpaces() -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
    return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
  }
}

/// A template compiled for ``TemplateRenderer``: its tags resolved to view
/// keys once, so that rendering is a walk of nodes that writes bytes.
///
/// It is parsed the way swift-mustache parses (the same standalone-line,
/// indentation and whitespace rules, ported from its parser), so both
/// render a template the same, byte for byte; the tests compare them.
/// Templates that use what this renderer does not do are refused with
/// ``Unsupported`` and rendered by swift-mustache instead: set delimiters,
/// inheritance (`{{<parent}}`, `{{$block}}`), dynamic partials, transforms
/// other than a list element's `first()`, `last()`, `index()`, `even()`
/// and `odd()`, and pragmas of the template's own.
struct TemplateProgram {
  /// A part of a template.
  indirect enum Node {
    /// Text as it is, in UTF-8.
    case text([UInt8])
    case variable(Name, escaped: Bool)
    case section(Name, inverted: Bool, body: [Node])
    /// A partial, with the indentation of its tag when that stands alone on its line.
    case partial(String, indentation: String?)
  }

  /// What a tag names.
  enum Name: Equatable {
    /// `.`: the object in hand.
    case current
    /// A dotted name; the first part is looked for up the context when `climbs`.
    /// A part that names nothing in the view is `nil`.
    case path([TemplateKey?], climbs: Bool)
    /// `first()`, `last()`, …: the element's place in its list.
    case place(SequenceTransform)
  }

  /// A template feature this renderer leaves to swift-mustache.
  struct Unsupported: Error {
    var feature: String
  }

  /// The templates by name.
  let templates: [String: [Node]]

  /// Compiles `texts` (each as swift-mustache is given it, with the
  /// content-type pragma `pragma` first). A syntax error is reported as
  /// ``Unsupported`` too: swift-mustache parses first and reports it.
  init(_ texts: [String: String], pragma: String) throws(Unsupported) {
    var templates: [String: [Node]] = [:]
    for (name, text) in texts {
      var parser = Parser(text: Array(text), pragma: pragma)
      templates[name] = try parser.parse(section: nil, transforms: [], newLine: true)
    }
    self.templates = templates
  }
}

extension TemplateProgram {
  /// swift-mustache's parser (Template+Parser.swift, Apache-2.0, the
  /// Hummingbird authors), ported for the tags this renderer supports.
  /// It works on Characters as the original does: `\r\n` is one, and
  /// `Character.isNewline` decides where a standalone tag's line ends.
  fileprivate struct Parser {
    let text: [Character]
    let pragma: String
    var position = 0

    init(text: [Character], pragma: String) {
      self.text = text
      self.pragma = pragma
    }

    var atEnd: Bool { position >= text.count }
    var current: Character { atEnd ? "\0" : text[position] }

    static let nameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*")
    static let nameCharactersWithoutBrackets = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
    static let partialNameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*/")

    mutating func read(while set: Set<Character>) -> String {
      let start = position
      while !atEnd && set.contains(text[position]) { position += 1 }
      return String(text[start..<position])
    }

    mutating func skipWhitespace() {
      while !atEnd && text[position].isWhitespace { position += 1 }
    }

    mutating func read(_ string: String) -> Bool {
      let characters = Array(string)
      guard position + characters.count <= text.count, Array(text[position..<position + characters.count]) == characters else {
        return false
      }
      position += characters.count
      return true
    }

    /// The text up to a newline (`\n` or `\r\n`) or past the next `{{`.
    mutating func readTextUntilTagOrNewline() throws(Unsupported) -> String {
      var result = ""
      while !atEnd {
        let character = text[position]
        if character == "\n" || character == "\r\n" { break }
        if character == "{" {
          guard position + 2 <= text.count else { throw Unsupported(feature: "a template ending in {") }
          if text[position + 1] == "{" {
            position += 2
            break
          }
          result.append("{")
          position += 1
          continue
        }
        result.append(character)
        position += 1
      }
      return result
    }

    /// Whether the tag just read stands alone on its line; if so, its line
    /// break is read.
    mutating func isStandalone(_ newLine: Bool) -> Bool {
      guard newLine else { return false }
      if atEnd { return true }
      var probe = position
      while probe < text.count && (text[probe] == " " || text[probe] == "\t") { probe += 1 }
      let next: Character = probe < text.count ? text[probe] : "\0"
      if next.isNewline {
        position = probe + 1
        return true
      }
      return false
    }

    mutating func parseName() throws(Unsupported) -> (String, [String]) {
      skipWhitespace()
      let raw = read(while: Self.nameCharacters)
      skipWhitespace()
      guard read("}}") else { throw Unsupported(feature: "an unfinished tag") }
      guard let open = raw.firstIndex(of: "(") else { return (raw, []) }
      // `last()`, `uppercased(title)`, `a(b(c))`.
      var transforms = [String(raw[..<open])]
      var rest = raw[raw.index(after: open)...]
      while let next = rest.firstIndex(of: "(") {
        transforms.append(String(rest[..<next]))
        rest = rest[rest.index(after: next)...]
      }
      let closing = rest.drop { $0 != ")" }
      let name = String(rest.prefix { $0 != ")" })
      guard closing.count == transforms.count, closing.allSatisfy({ $0 == ")" }), !name.contains(where: { !Self.nameCharactersWithoutBrackets.contains($0) })
      else { throw Unsupported(feature: "an unfinished transform") }
      return (name, transforms)
    }

    static func resolve(_ name: String, _ transforms: [String]) throws(Unsupported) -> Name {
      if !transforms.isEmpty {
        guard name.isEmpty, transforms.count == 1, let place = SequenceTransform(rawValue: transforms[0]) else {
          throw Unsupported(feature: "the transform \(transforms.joined(separator: "("))(\(name)\(String(repeating: ")", count: transforms.count))")
        }
        return .place(place)
      }
      if name == "." { return .current }
      let parts = name.split(separator: ".").map { TemplateKey(rawValue: String($0)) }
      return .path(parts, climbs: name.first != ".")
    }

    /// Parses up to the end of the section `section` (the whole template when `nil`).
    mutating func parse(section: String?, transforms sectionTransforms: [String], newLine startsOnNewLine: Bool) throws(Unsupported) -> [Node] {
      var nodes: [Node] = []
      var newLine = startsOnNewLine
      var whiteSpaceBefore = ""
      func flushWhiteSpace() {
        if !whiteSpaceBefore.isEmpty {
          nodes.append(.text(Array(whiteSpaceBefore.utf8)))
          whiteSpaceBefore = ""
        }
      }
      while !atEnd {
        if newLine { whiteSpaceBefore = read(while: [" ", "\t"]) }
        let run = try readTextUntilTagOrNewline()
        if current.isNewline {
          nodes.append(.text(Array((whiteSpaceBefore + run + String(current)).utf8)))
          newLine = true
          position += 1
          continue
        }
        if !run.isEmpty {
          nodes.append(.text(Array((whiteSpaceBefore + run).utf8)))
          whiteSpaceBefore = ""
          newLine = false
        }
        if atEnd { break }
        var setNewLine = false
        switch current {
        case "#", "^":
          let inverted = current == "^"
          position += 1
          let (name, transforms) = try parseName()
          if isStandalone(newLine) { setNewLine = true } else { flushWhiteSpace() }
          let body = try parse(section: name, transforms: transforms, newLine: setNewLine ? newLine : false)
          nodes.append(.section(try Self.resolve(name, transforms), inverted: inverted, body: body))
        case "/":
          position += 1
          let (name, transforms) = try parseName()
          guard name == section, transforms == sectionTransforms else { throw Unsupported(feature: "a section closed with another name") }
          if !isStandalone(newLine) { flushWhiteSpace() }
          return nodes
        case "!":
          position += 1
          while !atEnd && !(text[position] == "}" && position + 1 < text.count && text[position + 1] == "}") { position += 1 }
          guard read("}}") else { throw Unsupported(feature: "an unfinished comment") }
          setNewLine = isStandalone(newLine)
        case "{":
          flushWhiteSpace()
          position += 1
          let (name, transforms) = try parseName()
          guard read("}") else { throw Unsupported(feature: "an unfinished tag") }
          nodes.append(.variable(try Self.resolve(name, transforms), escaped: false))
        case "&":
          flushWhiteSpace()
          position += 1
          let (name, transforms) = try parseName()
          nodes.append(.variable(try Self.resolve(name, transforms), escaped: false))
        case ">":
          position += 1
          skipWhitespace()
          guard current != "*" else { throw Unsupported(feature: "a dynamic partial") }
          skipWhitespace()
          let name = read(while: Self.partialNameCharacters)
          skipWhitespace()
          guard read("}}") else { throw Unsupported(feature: "an unfinished partial") }
          if !whiteSpaceBefore.isEmpty { nodes.append(.text(Array(whiteSpaceBefore.utf8))) }
          if isStandalone(newLine) {
            setNewLine = true
            nodes.append(.partial(name, indentation: whiteSpaceBefore))
          } else {
            nodes.append(.partial(name, indentation: nil))
          }
          whiteSpaceBefore = ""
        case "%":
          // Only the content-type pragma the exporter puts first.
          position += 1
          guard nodes.isEmpty, section == nil, read(String(pragma.dropFirst(3))) else {
            throw Unsupported(feature: "a pragma of the template's own")
          }
          setNewLine = isStandalone(newLine)
        case "=": throw Unsupported(feature: "set delimiters")
        case "<", "$": throw Unsupported(feature: "template inheritance")
        default:
          flushWhiteSpace()
          let (name, transforms) = try parseName()
          nodes.append(.variable(try Self.resolve(name, transforms), escaped: true))
        }
        newLine = setNewLine
      }
      guard section == nil else { throw Unsupported(feature: "a section never closed") }
      return nodes
    }
  }
}

import ReviewCatalog

/// A member of an object as it appears in XML: an attribute or a child element.
///
/// `absent` rather than an optional: Swift destroys an `XMLMember?` through
/// the type's run-time value witnesses, an `XMLMember` with a few inlined
/// releases (see ``XMLStartElement``).
enum XMLMember {
  /// An attribute's value, and the line of its element's tag.
  case attribute(String, line: Int)
  case element(XMLStartElement)
  /// No member: the value asked for is not in the document.
  case absent

  var position: SourcePosition? {
    switch self {
    case .attribute(_, let line): SourcePosition(line: line, column: nil)
    case .element(let start): start.position
    case .absent: nil
    }
  }
}

/// Pulls typed values out of the `xml` format's elements, collecting
/// structural problems (unknown, repeated or missing elements, text that is
/// not a number) with their paths and positions.
///
/// As a ``CatalogDecoding`` it reads the catalog with the mapping every
/// format shares: each value it is asked for is the ``pending`` member (an
/// attribute or a child element), set by the object or array around it. The
/// keys that identify an object (``ObjectShape/isIdentifying(_:)``) are
/// attributes; every other key is an element.
struct XMLValueDecoder {
  let events: XMLEventReader
  var path: [CatalogPath.Component] = []
  var problems: [Diagnostic] = []
  /// The member the next value is read from.
  var pending = XMLMember.absent
  /// When the document is read part by part: its root, the root's
  /// attributes not yet read, the array element open, and whether the
  /// input ended inside the root.
  var document: DocumentState?

  /// See ``document``.
  struct DocumentState {
    var root: XMLStartElement
    var attributes: ArraySlice<(name: String, value: String)>
    var section: XMLStartElement?
    var endedEarly = false
  }

  mutating func report(_ position: SourcePosition?, path: [CatalogPath.Component], _ message: String, replacesValue: Bool = true) {
    problems.append(Diagnostic(position: position, path: CatalogPath(path), message: message, replacesValue: replacesValue))
  }

  /// Skips the rest of the element whose start was just read (an empty
  /// element's end comes as its own event too).
  mutating func skipElement() throws {
    var depth = 1
    while depth > 0 {
      switch try events.next() {
      case .start: depth += 1
      case .end: depth -= 1
      case .text: break
      case .endOfDocument: return
      }
    }
  }

  /// Reads an object element: its attributes and child elements, each handed
  /// to `member` with its key's index in `shape.keys`.
  mutating func readObject(
    _ start: XMLStartElement, _ shape: ObjectShape, member: (inout XMLValueDecoder, Int, XMLMember) throws -> Void
  ) throws {
    var seen: UInt32 = 0
    for (name, value) in start.attributes {
      guard let index = shape.keys.firstIndex(of: name), shape.isIdentifying(index) else {
        report(start.position, path: path, shape.unknownKeyMessage(name, noun: "attribute", among: shape.identifyingKeys), replacesValue: false)
        continue
      }
      seen |= 1 << UInt32(index)
      path.append(.key(name))
      try member(&self, index, .attribute(value, line: start.line))
      path.removeLast()
    }
    while true {
      switch try events.next() {
      case .endOfDocument:
        return
      case .end:
        reportMissing(shape, seen: seen, at: start.position)
        return
      case .text(let text, let isWhitespace):
        if !isWhitespace {
          report(start.position, path: path, "unexpected text \(ScalarRules.quoted(text)) in <\(start.name)>; its content is elements only")
        }
      case .start(let child):
        guard let index = shape.keys.firstIndex(of: child.name), !shape.isIdentifying(index),
          child.namespace == XMLTreeWriter.namespace
        else {
          report(child.position, path: path, shape.unknownKeyMessage(child.name, noun: "element", among: shape.otherKeys), replacesValue: false)
          try skipElement()
          continue
        }
        let bit: UInt32 = 1 << UInt32(index)
        if seen & bit != 0 {
          report(child.position, path: path + [.key(child.name)], "<\(child.name)> appears twice; it may appear once in \(shape.name)")
          try skipElement()
          continue
        }
        seen |= bit
        path.append(.key(child.name))
        try member(&self, index, .element(child))
        path.removeLast()
      }
    }
  }

  mutating func reportMissing(_ shape: ObjectShape, seen: UInt32, at position: SourcePosition) {
    var missing = shape.requiredMask & ~seen
    while missing != 0 {
      let index = missing.trailingZeroBitCount
      missing &= missing - 1
      let key = shape.keys[index]
      let what = shape.isIdentifying(index) ? "attribute '\(key)'" : "element <\(key)>"
      report(position, path: path + [.key(key)], "missing required \(what) in \(shape.name)")
    }
  }

  /// Reads a wrapper element whose children are all named `itemName`.
  mutating func readArray(_ member: XMLMember, itemName: String, item: (inout XMLValueDecoder, XMLStartElement) throws -> Void) throws {
    guard case .element(let start) = member else { return }
    var index = 0
    while true {
      switch try events.next() {
      case .end, .endOfDocument:
        return
      case .text(let text, let isWhitespace):
        if !isWhitespace {
          report(start.position, path: path, "unexpected text \(ScalarRules.quoted(text)) in <\(start.name)>; it holds <\(itemName)> elements only")
        }
      case .start(let child):
        guard child.name == itemName, child.namespace == XMLTreeWriter.namespace else {
          report(child.position, path: path, "unexpected element <\(child.name)> in <\(start.name)>; it holds <\(itemName)> elements only")
          try skipElement()
          continue
        }
        path.append(.index(index))
        try item(&self, child)
        path.removeLast()
        index += 1
      }
    }
  }

  /// The text of a member: an attribute's value, or an element's character data.
  mutating func readText(_ member: XMLMember) throws -> String? {
    switch member {
    case .absent:
      return nil
    case .attribute(let value, _):
      return value
    case .element(let start):
      var text = ""
      var valid = true
      while true {
        switch try events.next() {
        case .end, .endOfDocument:
          return valid ? text : nil
        case .text(let piece, _):
          text += piece
        case .start(let child):
          report(child.position, path: path, "unexpected element <\(child.name)> in <\(start.name)>, which holds text")
          valid = false
          try skipElement()
        }
      }
    }
  }

  mutating func readInteger(_ member: XMLMember) throws -> Int64? {
    guard let text = try readText(member) else { return nil }
    let trimmed = text.trimmingXMLWhitespace()
    guard let value = Int64(trimmed) else {
      let problem =
        trimmed.allSatisfy({ $0.isNumber || $0 == "-" || $0 == "+" }) && !trimmed.isEmpty
        ? "\(ScalarRules.quoted(trimmed)) does not fit in a 64-bit integer"
        : "expected an integer, found \(ScalarRules.quoted(text))"
      report(member.position, path: path, problem)
      return nil
    }
    return value
  }

  mutating func readDouble(_ member: XMLMember) throws -> Double? {
    guard let text = try readText(member) else { return nil }
    guard let value = Double(text.trimmingXMLWhitespace()) else {
      report(member.position, path: path, "expected a number, found \(ScalarRules.quoted(text))")
      return nil
    }
    return value
  }

}

extension XMLValueDecoder: CatalogDecoding {
  /// The pending member, which the caller reads next.
  private mutating func takePending() -> XMLMember {
    defer { pending = .absent }
    return pending
  }

  @discardableResult
  mutating func readObject(_ shape: ObjectShape, member: (inout XMLValueDecoder, Int) throws -> Void) throws -> Bool {
    guard case .element(let start) = takePending() else { return false }
    try readObject(start, shape) { decoder, index, value in
      decoder.pending = value
      try member(&decoder, index)
    }
    return true
  }

  mutating func readArray(of list: CatalogList, item: (inout XMLValueDecoder) throws -> Void) throws {
    try readArray(takePending(), itemName: list.itemName) { decoder, child in
      decoder.pending = .element(child)
      try item(&decoder)
    }
  }

  mutating func readString() throws -> String? {
    try readText(takePending())
  }

  mutating func readInteger() throws -> Int64? {
    try readInteger(takePending())
  }

  mutating func readDouble() throws -> Double? {
    try readDouble(takePending())
  }
}

extension String {
  /// Without leading and trailing XML whitespace (space, tab, CR, LF), as XSD numbers allow.
  fileprivate func trimmingXMLWhitespace() -> String {
    // Nearly every number has no whitespace around it. When neither end's
    // byte is whitespace, neither end's character is: the text as it is,
    // without going through characters (a fifth of the decoder's work).
    let isSpaceByte = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
    guard let first = utf8.first, let last = utf8.last, isSpaceByte(first) || isSpaceByte(last) else { return self }
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
    return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
  }
}

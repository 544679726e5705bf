import ReviewCatalog

/// Pulls typed values out of YAML node events, collecting structural problems
/// (unknown, duplicate or missing keys; values of the wrong type) with their
/// paths and positions, and stepping over them.
///
/// Types: a text field takes any scalar's text as written (`yes` and `2019`
/// included) except a plain null (`~`, `null`, nothing); an integer or number
/// field takes an unquoted YAML 1.2 number.
struct YAMLValueDecoder: CatalogDecoding {
  let events: YAMLEventReader
  var path: [CatalogPath.Component] = []
  var problems: [Diagnostic] = []
  /// Where the document's mapping starts, when it is read part by part.
  var documentStart: SourcePosition?

  mutating func report(_ position: SourcePosition?, path: [CatalogPath.Component], _ message: String, replacesValue: Bool = true) {
    problems.append(Diagnostic(position: position, path: CatalogPath(path), message: message, replacesValue: replacesValue))
  }

  /// Skips the next node, however deep.
  mutating func skipNode() throws {
    var depth = 0
    repeat {
      guard let event = try events.next() else { return }
      switch event {
      case .mappingStart, .sequenceStart: depth += 1
      case .mappingEnd, .sequenceEnd: depth -= 1
      case .scalar: break
      }
    } while depth > 0
  }

  /// What the next node is, in words, and where it starts.
  private func describeNext() throws -> (String, SourcePosition?) {
    switch try events.peek() {
    case .scalar(let scalar)?: return ("\(Self.kind(of: scalar))", scalar.position)
    case .mappingStart(let position)?: return ("a mapping", position)
    case .sequenceStart(let position)?: return ("a sequence", position)
    default: return ("the end of the document", nil)
    }
  }

  /// Records that the next node is not `expected`, skips it, and returns `nil`.
  mutating func mismatch<T>(expected: String) throws -> T? {
    let (found, position) = try describeNext()
    let hint = found == "null" ? "; leave the key out when there is no value, or write '' for an empty text" : ""
    report(position, path: path, "expected \(expected), found \(found)\(hint)")
    try skipNode()
    return nil
  }

  /// Reads a mapping, calling `member` with the index in `shape.keys` of each known key.
  @discardableResult
  mutating func readObject(_ shape: ObjectShape, member: (inout YAMLValueDecoder, Int) throws -> Void) throws -> Bool {
    guard case .mappingStart(let start)? = try events.peek() else {
      let none: Bool? = try mismatch(expected: "a mapping (\(shape.name))")
      return none ?? false
    }
    _ = try events.next()
    var seen: UInt32 = 0
    while let (index, key) = try nextMember(of: shape, seen: &seen) {
      path.append(.key(key))
      try member(&self, index)
      path.removeLast()
    }
    reportMissing(of: shape, seen: seen, at: start)
    return true
  }

  /// The next key of the open mapping of `shape` seen for the first time,
  /// positioned at its value, or `nil` at the mapping's end. Keys that are
  /// collections, unknown keys and repeated keys are reported, their values
  /// skipped.
  mutating func nextMember(of shape: ObjectShape, seen: inout UInt32) throws -> (Int, String)? {
    while true {
      guard let event = try events.next() else { throw SyntaxError(position: nil, message: "unexpected end of the document") }
      guard case .scalar(let key) = event else {
        if case .mappingEnd = event { return nil }
        if case .sequenceEnd = event { throw SyntaxError(position: nil, message: "unexpected end of a sequence") }
        let position: SourcePosition? = if case .mappingStart(let p) = event { p } else if case .sequenceStart(let p) = event { p } else { nil }
        report(position, path: path, "a key in \(shape.name) must be a plain word, not a collection")
        try skipCollection(startedBy: event)
        try skipNode()
        continue
      }
      guard let index = shape.keys.firstIndex(of: key.text) else {
        report(key.position, path: path, shape.unknownKeyMessage(key.text), replacesValue: false)
        try skipNode()
        continue
      }
      let bit: UInt32 = 1 << UInt32(index)
      if seen & bit != 0 {
        report(
          key.position, path: path + [.key(key.text)], "duplicate key \(ScalarRules.quoted(key.text)); each key may appear once in \(shape.name)",
          replacesValue: false)
        try skipNode()
        continue
      }
      seen |= bit
      return (index, key.text)
    }
  }

  /// Reports each required key of `shape` not in `seen`, at the mapping's start.
  mutating func reportMissing(of shape: ObjectShape, seen: UInt32, at start: SourcePosition?) {
    var missing = shape.requiredMask & ~seen
    while missing != 0 {
      let index = missing.trailingZeroBitCount
      missing &= missing - 1
      report(start, path: path + [.key(shape.keys[index])], "missing required key '\(shape.keys[index])' in \(shape.name)")
    }
  }

  /// Skips the rest of a collection whose start event was already consumed.
  mutating func skipCollection(startedBy event: YAMLNodeEvent) throws {
    var depth = 1
    while depth > 0, let next = try events.next() {
      switch next {
      case .mappingStart, .sequenceStart: depth += 1
      case .mappingEnd, .sequenceEnd: depth -= 1
      case .scalar: break
      }
    }
  }

  /// Reads a sequence, calling `item` for each element with the path at its index.
  mutating func readArray(of list: CatalogList, item: (inout YAMLValueDecoder) throws -> Void) throws {
    guard case .sequenceStart? = try events.peek() else {
      let _: Bool? = try mismatch(expected: "a sequence of \(list.noun)")
      return
    }
    _ = try events.next()
    var index = 0
    while true {
      if case .sequenceEnd? = try events.peek() {
        _ = try events.next()
        return
      }
      guard try events.peek() != nil else { return }
      path.append(.index(index))
      try item(&self)
      path.removeLast()
      index += 1
    }
  }

  mutating func readString() throws -> String? {
    guard case .scalar(let scalar)? = try events.peek(), Self.kind(of: scalar) != .null else {
      return try mismatch(expected: "a text")
    }
    _ = try events.next()
    return scalar.text
  }

  mutating func readInteger() throws -> Int64? {
    guard case .scalar(let scalar)? = try events.peek(), Self.kind(of: scalar) == .integer else {
      return try mismatch(expected: "an integer")
    }
    _ = try events.next()
    guard let value = Self.integerValue(scalar.text) else {
      report(scalar.position, path: path, "\(scalar.text) does not fit in a 64-bit integer")
      return nil
    }
    return value
  }

  mutating func readDouble() throws -> Double? {
    guard case .scalar(let scalar)? = try events.peek(), [.integer, .number].contains(Self.kind(of: scalar)) else {
      return try mismatch(expected: "a number")
    }
    _ = try events.next()
    return Self.doubleValue(scalar.text)
  }

  // MARK: YAML 1.2 core-schema resolution

  /// What a scalar is under the YAML 1.2 core schema.
  enum Kind: CustomStringConvertible {
    case null, boolean, integer, number, text

    /// The kind in words, for messages.
    var description: String {
      switch self {
      case .null: "null"
      case .boolean: "a boolean"
      case .integer: "an integer"
      case .number: "a number"
      case .text: "a text"
      }
    }
  }

  /// What a scalar is: its tag's kind, or for a plain scalar the kind its
  /// text resolves to. Decided on the UTF-8 bytes, since it runs for every
  /// scalar read: most texts are settled by their first byte.
  static func kind(of scalar: YAMLScalar) -> Kind {
    if let tag = scalar.tag {
      switch tag {
      case .int: return .integer
      case .float: return .number
      case .bool: return .boolean
      case .null: return .null
      case .str, .map, .seq: return .text
      }
    }
    guard scalar.isPlain else { return .text }
    var text = scalar.text
    return text.withUTF8 { resolve($0) }
  }

  /// The core schema's resolution of a plain scalar's bytes.
  static func resolve(_ bytes: UnsafeBufferPointer<UInt8>) -> Kind {
    guard let first = bytes.first else { return .null }
    switch first {
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
      if isInteger(bytes) { return .integer }
      return isFloat(bytes) ? .number : .text
    case UInt8(ascii: "~"):
      return bytes.count == 1 ? .null : .text
    case UInt8(ascii: "n"), UInt8(ascii: "N"):
      return ["null", "Null", "NULL"].contains(where: { bytes.elementsEqual($0.utf8) }) ? .null : .text
    case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"):
      return ["true", "True", "TRUE", "false", "False", "FALSE"].contains(where: { bytes.elementsEqual($0.utf8) }) ? .boolean : .text
    default:
      return .text
    }
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

  private static func isHexDigit(_ byte: UInt8) -> Bool {
    isDigit(byte) || (byte | 0x20) &- UInt8(ascii: "a") < 6
  }

  /// `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+`.
  private static func isInteger(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    if bytes.count > 2 && bytes[0] == UInt8(ascii: "0") {
      if bytes[1] == UInt8(ascii: "x") { return bytes.dropFirst(2).allSatisfy(isHexDigit) }
      if bytes[1] == UInt8(ascii: "o") { return bytes.dropFirst(2).allSatisfy { $0 &- UInt8(ascii: "0") < 8 } }
    }
    var body = bytes[...]
    if body.first == UInt8(ascii: "-") || body.first == UInt8(ascii: "+") { body = body.dropFirst() }
    return !body.isEmpty && body.allSatisfy(isDigit)
  }

  /// A decimal number with a point or an exponent (`1.5`, `.5`, `2.`,
  /// `1e3`), or an infinity or NaN (`.inf`, `-.Inf`, `.NaN`, any case).
  private static func isFloat(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var body = bytes[...]
    if body.first == UInt8(ascii: "-") || body.first == UInt8(ascii: "+") { body = body.dropFirst() }
    if body.count == 4 && body.first == UInt8(ascii: ".") {
      let word = body.dropFirst().map { $0 | 0x20 }
      if word.elementsEqual("inf".utf8) { return true }
      if word.elementsEqual("nan".utf8) { return bytes.count == 4 }
    }
    var mantissa = body
    if let e = body.firstIndex(where: { $0 | 0x20 == UInt8(ascii: "e") }) {
      mantissa = body[..<e]
      var exponent = body[(e + 1)...]
      if exponent.first == UInt8(ascii: "-") || exponent.first == UInt8(ascii: "+") { exponent = exponent.dropFirst() }
      guard !exponent.isEmpty, exponent.allSatisfy(isDigit) else { return false }
    }
    var points = 0
    var digits = 0
    for byte in mantissa {
      if byte == UInt8(ascii: ".") {
        points += 1
      } else if isDigit(byte) {
        digits += 1
      } else {
        return false
      }
    }
    return points <= 1 && digits > 0
  }

  static func integerValue(_ text: String) -> Int64? {
    if text.hasPrefix("0x") { return Int64(text.dropFirst(2), radix: 16) }
    if text.hasPrefix("0o") { return Int64(text.dropFirst(2), radix: 8) }
    return Int64(text)
  }

  static func doubleValue(_ text: String) -> Double? {
    if text.hasPrefix("0x") || text.hasPrefix("0o") {
      var bytes = text
      return bytes.withUTF8(isInteger) ? integerValue(text).map(Double.init) : Double(text)
    }
    // Only an infinity or a NaN ends in a letter.
    guard let last = text.utf8.last, (last | 0x20) &- UInt8(ascii: "a") < 26 else { return Double(text) }
    switch text.lowercased() {
    case ".inf", "+.inf": return .infinity
    case "-.inf": return -.infinity
    case ".nan": return .nan
    default: return Double(text)
    }
  }
}

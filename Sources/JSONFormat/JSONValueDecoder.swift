import ReviewCatalog

/// Pulls typed values out of a JSON document, collecting structural problems
/// (unknown, duplicate or missing keys; values of the wrong type) with their
/// paths and positions, and stepping over them to find the next.
struct JSONValueDecoder: CatalogDecoding {
  var scanner: JSONScanner
  /// The path of the value being read.
  var path: [CatalogPath.Component] = []
  /// What was wrong, in document order.
  var problems: [Diagnostic] = []
  /// Turns the offsets of problems into positions.
  var positions = SourcePositionCounter()
  /// Where the document's object starts, and how many of its members were
  /// read, when it is read part by part.
  var documentStart = 0
  var documentMembers = 0

  init(bytes: UnsafeBufferPointer<UInt8>) {
    scanner = JSONScanner(bytes: bytes)
  }

  mutating func report(at offset: Int, path: [CatalogPath.Component], _ message: String, replacesValue: Bool = true) {
    problems.append(
      Diagnostic(
        position: positions.position(of: offset, in: scanner.bytes), path: CatalogPath(path), message: message,
        replacesValue: replacesValue))
  }

  /// Records a value of the wrong kind, skips it, and returns `nil`.
  mutating func mismatch<T>(expected: String, found: JSONScanner.ValueKind) throws -> T? {
    scanner.skipWhitespace()
    let start = scanner.offset
    try scanner.skipValue()  // a syntax error in the value is the one to report
    let hint = found == .null ? "; leave the key out when there is no value" : ""
    report(at: start, path: path, "expected \(expected), found \(found.rawValue)\(hint)")
    return nil
  }

  /// Reads an object, calling `member` with the index in `schema.keys` of each
  /// known key, positioned at its value. Returns `false` if the value is not an object.
  @discardableResult
  mutating func readObject(
    _ schema: ObjectShape, member: (inout JSONValueDecoder, Int) throws -> Void
  ) throws -> Bool {
    let kind = try scanner.peekKind()
    guard kind == .object else {
      let none: Bool? = try mismatch(expected: "an object (\(schema.name))", found: kind)
      return none ?? false
    }
    let start = scanner.offset
    scanner.offset += 1
    var seen: UInt32 = 0
    if !scanner.consume(UInt8(ascii: "}")) {
      repeat {
        guard let index = try readKey(of: schema, seen: &seen) else { continue }
        path.append(.key(schema.keys[index]))
        try member(&self, index)
        path.removeLast()
      } while scanner.consume(UInt8(ascii: ","))
      try scanner.expect(UInt8(ascii: "}"), "',' or '}'")
    }
    reportMissingKeys(of: schema, seen: seen, objectStart: start)
    return true
  }

  /// Reads a key of an object of `schema` and its colon. For a known key seen
  /// for the first time, marks it in `seen` and returns its index, positioned
  /// at its value; for an unknown or repeated key, reports it, skips its value
  /// and returns `nil`.
  mutating func readKey(of schema: ObjectShape, seen: inout UInt32) throws -> Int? {
    scanner.skipWhitespace()
    let keyOffset = scanner.offset
    guard keyOffset < scanner.bytes.count, scanner.bytes[keyOffset] == UInt8(ascii: "\"") else {
      throw scanner.unexpected("a key in double quotes")
    }
    // A key of the shape, written plainly, is matched on its bytes; any
    // other (unknown, escaped) is read as a string first.
    if let (index, end) = schema.index(ofQuotedKeyAt: keyOffset + 1, in: scanner.bytes, after: seen) {
      scanner.offset = end
      try scanner.expect(UInt8(ascii: ":"), "':' after the key")
      return try mark(index, of: schema, seen: &seen, keyOffset: keyOffset)
    }
    let key = try scanner.readString()
    try scanner.expect(UInt8(ascii: ":"), "':' after the key")
    guard let index = schema.keys.firstIndex(of: key) else {
      report(at: keyOffset, path: path, schema.unknownKeyMessage(key), replacesValue: false)
      try scanner.skipValue()
      return nil
    }
    return try mark(index, of: schema, seen: &seen, keyOffset: keyOffset)
  }

  /// Marks the key at `index` seen, or reports it repeated and skips its value.
  @inline(__always)
  private mutating func mark(_ index: Int, of schema: ObjectShape, seen: inout UInt32, keyOffset: Int) throws -> Int? {
    let bit: UInt32 = 1 << UInt32(index)
    guard seen & bit == 0 else {
      try reportRepeated(index, of: schema, keyOffset: keyOffset)
      return nil
    }
    seen |= bit
    return index
  }

  /// Reports the key at `index` repeated and skips its value.
  @inline(never)
  private mutating func reportRepeated(_ index: Int, of schema: ObjectShape, keyOffset: Int) throws {
    let key = schema.keys[index]
    report(
      at: keyOffset, path: path + [.key(key)], "duplicate key \(ScalarRules.quoted(key)); each key may appear once in \(schema.name)", replacesValue: false)
    try scanner.skipValue()
  }

  /// Reports each required key of `schema` not in `seen`, at the object's start.
  mutating func reportMissingKeys(of schema: ObjectShape, seen: UInt32, objectStart: Int) {
    var missing = schema.requiredMask & ~seen
    while missing != 0 {
      let index = missing.trailingZeroBitCount
      missing &= missing - 1
      report(at: objectStart, path: path + [.key(schema.keys[index])], "missing required key '\(schema.keys[index])' in \(schema.name)")
    }
  }

  /// Reads an array, calling `item` for each element with the path at its index.
  mutating func readArray(
    of list: CatalogList, item: (inout JSONValueDecoder) throws -> Void
  ) throws {
    let kind = try scanner.peekKind()
    guard kind == .array else {
      let _: Bool? = try mismatch(expected: "an array of \(list.noun)", found: kind)
      return
    }
    scanner.offset += 1
    if scanner.consume(UInt8(ascii: "]")) { return }
    var index = 0
    repeat {
      path.append(.index(index))
      try item(&self)
      path.removeLast()
      index += 1
    } while scanner.consume(UInt8(ascii: ","))
    try scanner.expect(UInt8(ascii: "]"), "',' or ']'")
  }

  mutating func readString() throws -> String? {
    let kind = try scanner.peekKind()
    guard kind == .string else { return try mismatch(expected: "a string", found: kind) }
    return try scanner.readString()
  }

  mutating func readInteger() throws -> Int64? {
    let kind = try scanner.peekKind()
    guard kind == .number else { return try mismatch(expected: "an integer", found: kind) }
    let token = try scanner.readNumber()
    guard token.isInteger else {
      report(at: token.start, path: path, "expected an integer, found \(scanner.text(token.start, token.end)), which has a fraction or an exponent")
      return nil
    }
    guard let value = scanner.integerValue(token) else {
      report(at: token.start, path: path, "\(scanner.text(token.start, token.end)) does not fit in a 64-bit integer")
      return nil
    }
    return value
  }

  mutating func readDouble() throws -> Double? {
    let kind = try scanner.peekKind()
    guard kind == .number else { return try mismatch(expected: "a number", found: kind) }
    return scanner.doubleValue(try scanner.readNumber())
  }

}

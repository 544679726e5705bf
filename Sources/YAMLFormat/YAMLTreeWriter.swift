import ReviewCatalog
import ReviewExporting

/// Writes the catalog's tree as libyaml events: block mappings and sequences,
/// no anchors, aliases or tags, every string in the style that reads back as
/// itself (``YAMLScalarStyle``), numbers that read back as numbers in YAML 1.1
/// and 1.2.
struct YAMLTreeWriter: TreeWriter {
  let emitter: YAMLEmitter

  mutating func beginObject(named name: String) throws {
    try emitter.startMapping()
  }

  mutating func endObject() throws {
    try emitter.endMapping()
  }

  mutating func beginArray(itemName: String) throws {
    try emitter.startSequence()
  }

  mutating func endArray() throws {
    try emitter.endSequence()
  }

  mutating func key(_ key: String) throws {
    try emitter.scalar(key, style: .plain)
  }

  mutating func string(_ value: String) throws {
    switch YAMLScalarStyle.style(for: value) {
    case .plain: try emitter.scalar(value, style: .plain)
    case .literal: try emitter.scalar(value, style: .literal)
    case .doubleQuoted: try emitter.scalar(value, style: .doubleQuoted)
    }
  }

  mutating func integer(_ value: Int64) throws {
    try emitter.scalar(String(value), style: .plain)
  }

  mutating func double(_ value: Double) throws {
    guard value.isFinite else { throw ExportError("\(value) cannot be written; numbers must be finite") }
    try emitter.scalar(Self.floatText(value), style: .plain)
  }

  /// The shortest text that reads back as `value` and as a float in both YAML
  /// 1.1 (which needs a `.` and a signed exponent) and 1.2: `3.5`, `1.0e-07`.
  static func floatText(_ value: Double) -> String {
    let text = value.description
    guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return text }
    var mantissa = String(text[..<e])
    var exponent = String(text[text.index(after: e)...])
    if !mantissa.contains(".") { mantissa += ".0" }
    if !exponent.hasPrefix("-") && !exponent.hasPrefix("+") { exponent = "+" + exponent }
    return mantissa + "e" + exponent
  }

  /// Ends the document and the stream.
  mutating func endDocument() throws {
    try emitter.endDocument()
  }

  mutating func flush() throws {
    try emitter.flush()
  }
}

internal import CYAML
import ReviewCatalog
import ReviewExporting

/// Writes the catalog's tree as libyaml events: block mappings and sequences,
/// no anchors, aliases or tags, every string in the style that reads back as
/// itself (``YAMLScalarStyle``), numbers that read back as numbers in YAML 1.1
/// and 1.2.
struct YAMLTreeWriter: TreeWriter {
  let emitter: YAMLEmitter

  mutating func beginObject(named name: String) throws {
    try emitter.emit { yaml_mapping_start_event_initialize($0, nil, nil, 1, YAML_BLOCK_MAPPING_STYLE) }
  }

  mutating func endObject() throws {
    try emitter.emit { yaml_mapping_end_event_initialize($0) }
  }

  mutating func beginArray(itemName: String) throws {
    try emitter.emit { yaml_sequence_start_event_initialize($0, nil, nil, 1, YAML_BLOCK_SEQUENCE_STYLE) }
  }

  mutating func endArray() throws {
    try emitter.emit { yaml_sequence_end_event_initialize($0) }
  }

  mutating func key(_ key: String) throws {
    try scalar(key, YAML_PLAIN_SCALAR_STYLE)
  }

  mutating func string(_ value: String) throws {
    switch YAMLScalarStyle.style(for: value) {
    case .plain: try scalar(value, YAML_PLAIN_SCALAR_STYLE)
    case .literal: try scalar(value, YAML_LITERAL_SCALAR_STYLE)
    case .doubleQuoted: try scalar(value, YAML_DOUBLE_QUOTED_SCALAR_STYLE)
    }
  }

  mutating func integer(_ value: Int64) throws {
    try scalar(String(value), YAML_PLAIN_SCALAR_STYLE)
  }

  mutating func double(_ value: Double) throws {
    guard value.isFinite else { throw ExportError("\(value) cannot be written; numbers must be finite") }
    try scalar(Self.floatText(value), YAML_PLAIN_SCALAR_STYLE)
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

  private func scalar(_ text: String, _ style: yaml_scalar_style_t) throws {
    var text = text
    try text.withUTF8 { utf8 in
      try emitter.emit { event in
        // libyaml copies the value; plain and quoted both untagged.
        yaml_scalar_event_initialize(
          event, nil, nil, UnsafeMutablePointer(mutating: utf8.baseAddress ?? UnsafePointer(bitPattern: 1)!),
          Int32(utf8.count), 1, 1, style)
      }
    }
  }
}

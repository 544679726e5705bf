import ReviewCatalog
import ReviewExporting

/// Writes the catalog's tree as JSON text into a sink.
///
/// Pretty output puts each member and item on its own line, indented by
/// `indent` spaces, with `"key": value` and `[]` for empty arrays, like
/// Python's `json.dump(indent=2)`. Compact output has no whitespace at all.
struct JSONTreeWriter: TreeWriter {
  let sink: ByteSink
  /// Spaces per level; `nil` for compact output.
  let indent: Int?
  /// Whether to write every non-ASCII character as a `\u` escape.
  let escapeNonASCII: Bool
  /// Whether to escape what could end or spoil an HTML `<script>` element
  /// the JSON is put in (``JSONEscaping/writeString(_:to:escapeNonASCII:scriptSafe:)``).
  let scriptSafe: Bool

  /// For each open container, whether it has an item yet.
  private var hasItems: [Bool] = []
  /// Whether a key was just written, so the next value follows it directly.
  private var afterKey = false

  init(sink: ByteSink, indent: Int?, escapeNonASCII: Bool, scriptSafe: Bool = false) {
    self.sink = sink
    self.indent = indent
    self.escapeNonASCII = escapeNonASCII
    self.scriptSafe = scriptSafe
  }

  mutating func beginObject(named name: String) throws {
    try startValue()
    try sink.write(byte: UInt8(ascii: "{"))
    hasItems.append(false)
  }

  mutating func endObject() throws { try close(UInt8(ascii: "}")) }

  /// Ends compact output with a newline (pretty output has one already).
  mutating func endDocument() throws {
    if indent == nil { try sink.write(byte: UInt8(ascii: "\n")) }
  }

  mutating func beginArray(itemName: String) throws {
    try startValue()
    try sink.write(byte: UInt8(ascii: "["))
    hasItems.append(false)
  }

  mutating func endArray() throws { try close(UInt8(ascii: "]")) }

  mutating func key(_ key: String) throws {
    try startValue()
    try JSONEscaping.writeString(key, to: sink, escapeNonASCII: escapeNonASCII, scriptSafe: scriptSafe)
    try sink.write(byte: UInt8(ascii: ":"))
    if indent != nil { try sink.write(byte: UInt8(ascii: " ")) }
    afterKey = true
  }

  mutating func string(_ value: String) throws {
    try startValue()
    try JSONEscaping.writeString(value, to: sink, escapeNonASCII: escapeNonASCII, scriptSafe: scriptSafe)
  }

  mutating func integer(_ value: Int64) throws {
    try startValue()
    try sink.write(String(value))
  }

  mutating func double(_ value: Double) throws {
    try startValue()
    guard value.isFinite else { throw ExportError("\(value) cannot be written in JSON; numbers must be finite") }
    // Swift's description is the shortest text that reads back as the same double.
    try sink.write(value.description)
  }

  /// Writes the separator and indentation before a value, unless it follows a key.
  private mutating func startValue() throws {
    if afterKey {
      afterKey = false
      return
    }
    guard let last = hasItems.indices.last else { return }
    if hasItems[last] { try sink.write(byte: UInt8(ascii: ",")) }
    hasItems[last] = true
    try newline(depth: hasItems.count)
  }

  private mutating func close(_ bracket: UInt8) throws {
    let hadItems = hasItems.removeLast()
    if hadItems { try newline(depth: hasItems.count) }
    try sink.write(byte: bracket)
    if hasItems.isEmpty && indent != nil { try sink.write(byte: UInt8(ascii: "\n")) }
  }

  private func newline(depth: Int) throws {
    guard let indent else { return }
    try sink.write(byte: UInt8(ascii: "\n"))
    // The indentation in runs of up to 64 spaces, not a space at a time.
    let blanks: StaticString = "                                                                "
    var spaces = indent * depth
    while spaces > 0 {
      let run = min(spaces, blanks.utf8CodeUnitCount)
      try sink.write(UnsafeRawBufferPointer(start: blanks.utf8Start, count: run))
      spaces -= run
    }
  }
}

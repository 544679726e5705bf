/// A format that can write the catalog's tree: objects, arrays and scalars.
///
/// The catalog describes itself to a `TreeWriter` once, in the format's
/// canonical key order (see ``Catalog/write(to:)``), so every tree format
/// (JSON, YAML, XML) implements only these events and never decides the shape.
///
/// Events arrive in document order. Inside an object, each member is a
/// ``key(_:)`` followed by exactly one value (a scalar, an object or an array).
/// Absent optional members are not reported at all.
public protocol TreeWriter {
  /// Opens an object. `name` is its singular name (`catalog`, `review`,
  /// `rating`), which formats with named elements, such as XML, use.
  mutating func beginObject(named name: String) throws
  /// Closes the innermost object.
  mutating func endObject() throws
  /// Opens an array whose items are named `itemName` (`review`, `tag`).
  mutating func beginArray(itemName: String) throws
  /// Closes the innermost array.
  mutating func endArray() throws
  /// Names the next value in the current object.
  mutating func key(_ key: String) throws
  /// Writes a text value.
  mutating func string(_ value: String) throws
  /// Writes a 64-bit integer.
  mutating func integer(_ value: Int64) throws
  /// Writes a finite double.
  mutating func double(_ value: Double) throws
  /// Ends the document, after its object is closed: a format's last bytes
  /// (a final newline, the end of a YAML stream). Does nothing unless implemented.
  mutating func endDocument() throws
  /// Hands every byte of the events so far to the output, so that its size
  /// marks where the next event's bytes begin: what a format's library still
  /// buffers (libyaml's emitter, libxml2's writer). Does nothing unless implemented.
  mutating func flush() throws
}

extension TreeWriter {
  /// Does nothing.
  public mutating func endDocument() throws {}
  /// Does nothing: the writer buffers nothing of its own.
  public mutating func flush() throws {}
}

internal import CLibXML2
import ReviewCatalog
import ReviewExporting

/// Writes the catalog's tree as XML through libxml2's `xmlTextWriter`, never
/// building a document in memory.
///
/// Objects and arrays become elements named after their key (the root is
/// `reviewCatalog`, array items take the array's item name); the keys `id` and
/// `formatVersion` become attributes; every other value is an element with
/// text. Texts are checked for characters XML 1.0 cannot carry before they
/// reach libxml2, whose writer would emit them silently.
struct XMLTreeWriter: TreeWriter {
  /// The namespace of version 1 of the format.
  static let namespace = "urn:review-export:catalog:1"

  private let writer: xmlTextWriterPtr
  private let replaceInvalid: Bool
  /// How many characters were replaced with U+FFFD.
  private(set) var replacements = 0

  private enum Frame {
    case object(name: String)
    case array(itemName: String, index: Int)
  }
  private var frames: [Frame] = []
  private var pendingKey: String?
  private var path: [CatalogPath.Component] = []

  init(writer: xmlTextWriterPtr, replaceInvalid: Bool) {
    self.writer = writer
    self.replaceInvalid = replaceInvalid
  }

  mutating func beginObject(named name: String) throws {
    let element = nextElementName(default: name)
    try check(xmlTextWriterStartElement(writer, element))
    if frames.isEmpty {
      try check(xmlTextWriterWriteAttribute(writer, "xmlns", Self.namespace))
    }
    frames.append(.object(name: element))
  }

  mutating func endObject() throws {
    frames.removeLast()
    try check(xmlTextWriterEndElement(writer))
    finishValue()
  }

  mutating func beginArray(itemName: String) throws {
    let element = nextElementName(default: itemName)
    try check(xmlTextWriterStartElement(writer, element))
    frames.append(.array(itemName: itemName, index: 0))
  }

  mutating func endArray() throws {
    frames.removeLast()
    try check(xmlTextWriterEndElement(writer))
    finishValue()
  }

  mutating func key(_ key: String) throws {
    pendingKey = key
    path.append(.key(key))
  }

  mutating func string(_ value: String) throws {
    if let key = pendingKey, ObjectShape.isIdentifying(key: key) {
      try check(xmlTextWriterWriteAttribute(writer, key, try checked(value)))
    } else {
      let element = nextElementName(default: "")
      let text = try checked(value)
      try check(xmlTextWriterStartElement(writer, element))
      try check(xmlTextWriterWriteString(writer, text))
      try check(xmlTextWriterEndElement(writer))
    }
    finishValue()
  }

  mutating func integer(_ value: Int64) throws {
    try scalar(String(value))
  }

  mutating func double(_ value: Double) throws {
    guard value.isFinite else { throw ExportError("\(CatalogPath(path)): \(value) cannot be written; numbers must be finite") }
    try scalar(value.description)
  }

  private mutating func scalar(_ text: String) throws {
    if let key = pendingKey, ObjectShape.isIdentifying(key: key) {
      try check(xmlTextWriterWriteAttribute(writer, key, text))
    } else {
      let element = nextElementName(default: "")
      try check(xmlTextWriterWriteElement(writer, element, text))
    }
    finishValue()
  }

  /// The element name for the next value: its key in an object, the item
  /// name in an array, `fallback` at the root.
  private mutating func nextElementName(default fallback: String) -> String {
    if let key = pendingKey {
      pendingKey = nil
      return key
    }
    if case .array(let itemName, let index)? = frames.last {
      path.append(.index(index))
      return itemName
    }
    return fallback
  }

  /// Steps out of the value just written: pops its key or index from the path.
  private mutating func finishValue() {
    pendingKey = nil
    guard !path.isEmpty else { return }
    path.removeLast()
    if case .array(let itemName, let index)? = frames.last {
      frames[frames.count - 1] = .array(itemName: itemName, index: index + 1)
    }
  }

  /// `value` if XML 1.0 can carry it; else an error naming the place, or the
  /// value with U+FFFD in place of each forbidden character.
  private mutating func checked(_ value: String) throws -> String {
    if XMLCharacters.allAllowed(value) { return value }
    if replaceInvalid {
      let (replaced, count) = XMLCharacters.replacingForbidden(in: value)
      replacements += count
      return replaced
    }
    let character = XMLCharacters.firstForbidden(in: value) ?? "a character"
    throw ExportError(
      "\(CatalogPath(path)): \(character) cannot be written in XML 1.0, which has no way to carry it; "
        + "fix the text, or use --option xml.invalid-characters=replace to write U+FFFD instead")
  }

  private func check(_ status: Int32) throws {
    if status < 0 { throw ExportError("libxml2's writer failed (status \(status))") }
  }
}

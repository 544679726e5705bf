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

  private let document: XMLDocumentWriter
  private let replaceInvalid: Bool
  /// Told how many more characters were replaced, at each flush and at the end.
  private let countReplacements: (Int) -> Void
  /// How many characters were replaced with U+FFFD, and how many of them were told.
  private(set) var replacements = 0
  private var told = 0

  private enum Frame {
    case object(name: String)
    case array(itemName: String, index: Int)
  }
  private var frames: [Frame] = []
  private var pendingKey: String?
  private var path: [CatalogPath.Component] = []

  init(document: XMLDocumentWriter, replaceInvalid: Bool, countReplacements: @escaping (Int) -> Void) {
    self.document = document
    self.replaceInvalid = replaceInvalid
    self.countReplacements = countReplacements
  }

  /// Ends the document, and tells how many more characters were replaced.
  mutating func endDocument() throws {
    try document.endDocument()
    tellReplacements()
  }

  private mutating func tellReplacements() {
    countReplacements(replacements - told)
    told = replacements
  }

  mutating func flush() throws {
    try document.flush()
    tellReplacements()
  }

  mutating func beginObject(named name: String) throws {
    let element = nextElementName(default: name)
    try document.startElement(element)
    if frames.isEmpty { try document.attribute("xmlns", Self.namespace) }
    frames.append(.object(name: element))
  }

  mutating func endObject() throws {
    frames.removeLast()
    try document.endElement()
    finishValue()
  }

  mutating func beginArray(itemName: String) throws {
    let element = nextElementName(default: itemName)
    try document.startElement(element)
    frames.append(.array(itemName: itemName, index: 0))
  }

  mutating func endArray() throws {
    frames.removeLast()
    try document.endElement()
    finishValue()
  }

  mutating func key(_ key: String) throws {
    pendingKey = key
    path.append(.key(key))
  }

  mutating func string(_ value: String) throws {
    if let key = pendingKey, ObjectShape.isIdentifying(key: key) {
      try document.attribute(key, try checked(value))
    } else {
      let element = nextElementName(default: "")
      // Checked as it is escaped; a text XML 1.0 cannot carry is written
      // with replacements, or refused, as `checked` says.
      if try !document.textElementIfAllowed(element, value) {
        try document.textElement(element, try checked(value))
      }
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
      try document.attribute(key, text)
    } else {
      let element = nextElementName(default: "")
      try document.textElement(element, text)
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

  /// `value` if XML 1.0 can carry it (``XMLCharacters/checked(_:replacing:replacements:format:place:)``).
  private mutating func checked(_ value: String) throws -> String {
    let path = self.path
    return try XMLCharacters.checked(value, replacing: replaceInvalid, replacements: &replacements, format: "xml", place: { "\(CatalogPath(path))" })
  }
}

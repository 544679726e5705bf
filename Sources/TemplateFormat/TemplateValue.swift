import Mustache

/// A value of the template view, as a template sees it.
enum TemplateValue {
  /// A text (every field of the model is one, numbers included).
  case text(String)
  /// A part of a text, its UTF-8 from one place to the other: a text too,
  /// made without a copy (a review's paragraphs).
  case part(String, Int32, Int32)
  /// A `has…` flag, or what `first()`, `last()`, `even()` and `odd()` give.
  case flag(Bool)
  /// What `index()` gives.
  case number(Int)
  /// An object: its fields by name.
  case object(any TemplateObject)
  /// A list, whose elements are made when they are rendered.
  case list(any TemplateList)
  /// A long text kept in a file (the page's structured data), inserted a
  /// piece at a time.
  case embedded(EmbeddedScript)
}

/// An object of the template view: a value for each of its names.
///
/// A class: the renderer copies values up and down its context all the
/// time, and a reference is copied with one retain, where a struct in an
/// existential is copied through its type's value witnesses.
protocol TemplateObject: AnyObject {
  /// The value named `key`, or `nil` when this object has none (it is
  /// absent, or an empty text), and a lookup goes on up the context.
  func value(_ key: TemplateKey) -> TemplateValue?
}

/// A list of the template view, whose elements are made one at a time (a
/// class, as ``TemplateObject`` is).
protocol TemplateList: AnyObject {
  /// How many elements the list has.
  var count: Int { get }
  /// The element at `index`, made now (read back, for a review kept in a
  /// scratch file, which can fail).
  func element(at index: Int) throws -> TemplateValue
}

/// An object of one text under one name: `{tag: …}`, `{text: …}`.
final class TextItem: TemplateObject {
  let key: TemplateKey
  let text: String
  init(key: TemplateKey, text: String) {
    self.key = key
    self.text = text
  }

  func value(_ key: TemplateKey) -> TemplateValue? { key == self.key ? .text(text) : nil }
}

/// Texts as a list of `{key: text}` objects: a review's tags, a work's genres.
final class TextList: TemplateList {
  let texts: [String]
  let key: TemplateKey
  init(texts: [String], key: TemplateKey) {
    self.texts = texts
    self.key = key
  }

  var count: Int { texts.count }
  func element(at index: Int) -> TemplateValue { .object(TextItem(key: key, text: texts[index])) }
}

/// An object of the view made from one element of the model.
protocol ElementView: TemplateObject {
  associatedtype Element
  init(_ element: Element, names: TemplateNames)
}

/// A list of the model's elements, each seen through `View` when it is rendered.
final class ViewList<View: ElementView>: TemplateList {
  let elements: [View.Element]
  let names: TemplateNames
  init(elements: [View.Element], names: TemplateNames) {
    self.elements = elements
    self.names = names
  }

  var count: Int { elements.count }
  func element(at index: Int) -> TemplateValue { .object(View(elements[index], names: names)) }
}

/// The view as swift-mustache reads it, for the templates only it renders
/// (see ``TemplateProgram``): the same objects answer both renderers.
struct MustacheObject: MustacheParent {
  let object: any TemplateObject

  func child(named name: String) -> Any? {
    guard let key = TemplateKey(rawValue: name), let value = object.value(key) else { return nil }
    return value.mustacheValue
  }
}

extension TemplateValue {
  /// The value as swift-mustache renders it: texts, Booleans, numbers,
  /// arrays, and objects it asks for their children by name.
  var mustacheValue: Any {
    switch self {
    case .text(let text): text
    case .part(let text, let start, let end): String(decoding: Array(text.utf8)[Int(start)..<Int(end)], as: UTF8.self)
    case .flag(let flag): flag
    case .number(let number): number
    case .object(let object): MustacheObject(object: object)
    // swift-mustache renders only catalogs held in memory, whose elements
    // are made without reading anything (and so without failing).
    case .list(let list): (0..<list.count).map { (try? list.element(at: $0))?.mustacheValue ?? "" }
    case .embedded(let script): script.text
    }
  }
}

/// A text, unless it is absent or empty.
func nonEmpty(_ text: String?) -> TemplateValue? {
  guard let text, !text.isEmpty else { return nil }
  return .text(text)
}

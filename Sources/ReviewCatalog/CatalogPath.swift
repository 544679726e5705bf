#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The place of a value in a catalog, written like `reviews[3].rating.value`.
public struct CatalogPath: Sendable, Hashable, CustomStringConvertible, ExpressibleByArrayLiteral {
  /// One step of a path: a key of an object or an index into an array.
  public enum Component: Sendable, Hashable {
    /// A key of an object, such as `rating`.
    case key(String)
    /// A zero-based index into an array.
    case index(Int)
  }

  /// The steps from the document's root, outermost first.
  public var components: [Component]

  /// Creates a path from its steps.
  public init(_ components: [Component] = []) {
    self.components = components
  }

  /// Creates a path from its steps.
  public init(arrayLiteral elements: Component...) {
    self.components = elements
  }

  /// The root of the document; its description is empty.
  public static let root = CatalogPath()

  /// This path followed by `key`.
  public func appending(_ key: String) -> CatalogPath {
    CatalogPath(components + [.key(key)])
  }

  /// This path followed by `index`.
  public func appending(_ index: Int) -> CatalogPath {
    CatalogPath(components + [.index(index)])
  }

  /// The path one step up, or `nil` at the root.
  public var parent: CatalogPath? {
    components.isEmpty ? nil : CatalogPath(Array(components.dropLast()))
  }

  /// Whether `self` is `other` or lies inside it.
  public func hasPrefix(_ other: CatalogPath) -> Bool {
    components.starts(with: other.components)
  }

  /// The path as written in diagnostics: `reviews[3].rating.value`, or `(root)`.
  public var description: String {
    var text = ""
    for component in components {
      switch component {
      case .key(let key):
        // A key that is not a plain name (it came from the input: an
        // unknown or repeated key) is quoted, escaped and cut short.
        if !key.isEmpty && key.utf8.count <= 60 && key.utf8.allSatisfy({ $0 < 0x80 && (isalnum(Int32($0)) != 0 || $0 == 0x5F || $0 == 0x2D) }) {
          if !text.isEmpty { text += "." }
          text += key
        } else {
          text += "[\(ScalarRules.quoted(key))]"
        }
      case .index(let index):
        text += "[\(index)]"
      }
    }
    return text.isEmpty ? "(root)" : text
  }
}

extension CatalogPath.Component: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
  /// A key written as a literal: `["reviews", 3, "rating"]`.
  public init(stringLiteral value: String) { self = .key(value) }
  /// An index written as a literal.
  public init(integerLiteral value: Int) { self = .index(value) }
}

import ReviewCatalog

/// A format that catalogs can be read from.
///
/// A reader turns a source into a `Catalog` and reports what it finds wrong
/// with the document's structure (unknown keys, wrong types, missing keys),
/// each with its path and position. It does not apply the catalog's rules
/// (ids, references, dates): ``CatalogLoader`` does that for every reader
/// alike, then asks the reader where the offending values are.
public protocol CatalogReader: Sendable {
  /// The format's name, such as `json`; `--input-format` selects it.
  var formatName: String { get }
  /// File extensions, without the dot, that this reader is chosen for.
  var fileExtensions: [String] { get }
  /// Whether the catalogs it reads are folders of files rather than files.
  /// `false` unless a reader says otherwise.
  var readsFolders: Bool { get }

  /// Reads a catalog.
  ///
  /// Problems the reader can step over (an unknown key, a value of the wrong
  /// type, a missing key) go into ``DecodedCatalog/problems``, with a
  /// placeholder value in the catalog; a problem that stops reading (a syntax
  /// error) is thrown as a `CatalogError`.
  func read(_ source: CatalogSource) throws(CatalogError) -> DecodedCatalog

  /// The positions of the values at `paths` in `source`, for those it finds.
  ///
  /// Called only when a catalog has problems, so a reader need not remember
  /// positions while it reads. Where a path's value is missing, the position of
  /// the nearest enclosing value that exists is good enough.
  func locate(_ paths: Set<CatalogPath>, in source: CatalogSource) -> [CatalogPath: SourceLocation]
}

extension CatalogReader {
  /// Files, not folders.
  public var readsFolders: Bool { false }
}

/// Where a value is: the file, for catalogs that span several files, and the
/// position in it.
public struct SourceLocation: Sendable, Hashable {
  /// The file, when it is not the source itself (such as one table of a folder).
  public var file: String?
  /// The line and column.
  public var position: SourcePosition

  /// Creates a location.
  public init(file: String? = nil, position: SourcePosition) {
    self.file = file
    self.position = position
  }
}

/// A catalog as read, before the catalog's rules are applied.
public struct DecodedCatalog: Sendable {
  /// The catalog, with placeholders where ``problems`` say a value was unusable.
  public var catalog: Catalog
  /// Structural problems, each with its path and, where known, position.
  public var problems: [Diagnostic]

  /// Creates a decoded catalog.
  public init(catalog: Catalog, problems: [Diagnostic] = []) {
    self.catalog = catalog
    self.problems = problems
  }
}

/// A catalog document to read: its bytes and the name diagnostics give it,
/// or, for a format that is a folder of files, the folder.
public struct CatalogSource: Sendable {
  /// The name shown in diagnostics: the path as the user gave it, or `<stdin>`.
  public var name: String
  /// The document's bytes; empty for a folder.
  public var bytes: [UInt8]
  /// The folder, for a catalog that is a folder of files.
  public var directory: String?

  /// Creates a source from bytes.
  public init(name: String, bytes: [UInt8]) {
    self.name = name
    self.bytes = bytes
  }

  /// Creates a source that is a folder of files.
  public init(directory: String) {
    self.name = directory
    self.bytes = []
    self.directory = directory
  }
}

import Foundation
import ReviewCatalog

/// Reads a catalog with a reader, applies every rule of the format, and
/// reports every problem at once, located in the source where possible.
public struct CatalogLoader: Sendable {
  /// The formats it reads.
  public let registry: FormatRegistry

  /// Creates a loader for the readers in `registry`.
  public init(registry: FormatRegistry) {
    self.registry = registry
  }

  /// Reads the catalog at `path` (`-` for standard input), choosing the reader
  /// by `formatName` or else by the file's extension, and validates it.
  ///
  /// - Throws: `CatalogError` with every problem, each naming the file and,
  ///   where known, the line and column; ``ExportError`` when the file cannot
  ///   be read or no reader fits.
  public func load(path: String, formatName: String? = nil) throws -> Catalog {
    let reader = try self.reader(for: path, formatName: formatName)
    let source = try Self.source(at: path)
    if source.directory != nil && !reader.readsFolders {
      throw ExportError("\(path) is a folder; the \(reader.formatName) format reads a single file (give the catalog file inside it)")
    }
    if source.directory == nil && reader.readsFolders && path != "-" {
      throw ExportError("\(path) is a file; \(reader.formatName) reads a folder of files")
    }
    return try load(source, with: reader)
  }

  /// Reads and validates `source` with `reader`.
  public func load(_ source: CatalogSource, with reader: any CatalogReader) throws(CatalogError) -> Catalog {
    let decoded: DecodedCatalog
    do {
      decoded = try reader.read(source)
    } catch {
      throw CatalogError(error.diagnostics.map { $0.inFile(source.name) })
    }
    let rules = CatalogValidator.validate(decoded.catalog)
    if let failure = Self.failure(structural: decoded.problems, rules: rules, in: source.name, locate: { reader.locate($0, in: source) }) {
      throw failure
    }
    return decoded.catalog
  }

  /// Every problem of a catalog, as ``load(_:with:)`` reports them, or `nil`
  /// when there are none: rule problems inside a value with a structural
  /// problem are dropped (they only repeat it), the others are located with
  /// `locate`, and all are sorted by their place in the source.
  static func failure(
    structural: [Diagnostic], rules: [Diagnostic], in name: String,
    locate: (Set<CatalogPath>) -> [CatalogPath: SourceLocation]
  ) -> CatalogError? {
    let blocked = structural.filter(\.replacesValue).compactMap(\.path)
    var rules = rules.filter { diagnostic in
      guard let path = diagnostic.path else { return true }
      return !blocked.contains { path.hasPrefix($0) }
    }
    guard !(structural.isEmpty && rules.isEmpty) else { return nil }

    let positions = locate(Set(rules.compactMap(\.path)))
    for index in rules.indices {
      guard let path = rules[index].path, let location = Self.location(of: path, in: positions) else { continue }
      rules[index].position = location.position
      rules[index].file = location.file
    }
    let all = (structural + rules).map { $0.inFile(name) }
    return CatalogError(Self.sortedBySource(all))
  }

  /// Opens the catalog at `path` to be read part by part, when its
  /// reader can stream it (``StreamingCatalogReader``) and it is a file; `nil`
  /// otherwise, and then ``load(path:formatName:)`` reads it whole.
  ///
  /// - Throws: `CatalogError` for a problem in the catalog's head that stops
  ///   reading; ``ExportError`` when no reader fits.
  public func openStream(path: String, formatName: String? = nil) throws -> (any CatalogStream)? {
    guard path != "-", let reader = try self.reader(for: path, formatName: formatName) as? any StreamingCatalogReader else {
      return nil
    }
    do {
      return try reader.openStream(atPath: path, name: path)
    } catch {
      throw CatalogError(error.diagnostics.map { $0.inFile(path) })
    }
  }

  /// The reader for `path`: the one named `formatName`, else the one for its extension.
  public func reader(for path: String, formatName: String?) throws -> any CatalogReader {
    if let formatName {
      guard let reader = registry.reader(named: formatName.lowercased()) else {
        throw ExportError("no reader for input format '\(formatName)'; readable formats: \(readableList)")
      }
      return reader
    }
    if path == "-" {
      throw ExportError("reading standard input needs --input-format (one of \(readableList))")
    }
    let fileExtension = (path as NSString).pathExtension.lowercased()
    guard let reader = registry.reader(forExtension: fileExtension) else {
      let known = registry.readers.flatMap(\.fileExtensions).map { "." + $0 }.joined(separator: ", ")
      throw ExportError("\(path): cannot tell the catalog's format from its extension; use \(known), or --input-format")
    }
    return reader
  }

  /// Reads a file, or standard input for `-`, into a source.
  public static func source(at path: String) throws -> CatalogSource {
    if path == "-" {
      let data = FileHandle.standardInput.readDataToEndOfFile()
      return CatalogSource(name: "<stdin>", bytes: [UInt8](data))
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw ExportError("\(path): no such file")
    }
    if isDirectory.boolValue { return CatalogSource(directory: path) }
    return CatalogSource(name: path, bytes: try readFile(path))
  }

  /// The bytes of a file, read straight into an array (no intermediate copy).
  ///
  /// - Throws: ``ExportError`` naming the file and the system's reason.
  public static func readFile(_ path: String) throws -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw ExportError("\(path): cannot be read: \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw ExportError("\(path): cannot be read: \(String(cString: strerror(errno)))") }
    let size = Int(info.st_size)
    var failure: Int32 = 0
    var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
      var offset = 0
      while offset < size {
        let got = read(fd, buffer.baseAddress! + offset, size - offset)
        if got < 0 && errno == EINTR { continue }
        if got <= 0 {
          failure = got < 0 ? errno : 0
          break
        }
        offset += got
      }
      initialized = offset
    }
    if failure != 0 { throw ExportError("\(path): cannot be read: \(String(cString: strerror(failure)))") }
    // A file that grew while being read: read the rest too.
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
      if got <= 0 { break }
      bytes += chunk[0..<got]
    }
    return bytes
  }

  private var readableList: String {
    registry.readers.map(\.formatName).joined(separator: ", ")
  }

  private static func location(of path: CatalogPath, in locations: [CatalogPath: SourceLocation]) -> SourceLocation? {
    var current: CatalogPath? = path
    while let candidate = current {
      if let location = locations[candidate] { return location }
      current = candidate.parent
    }
    return nil
  }

  private static func sortedBySource(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    diagnostics.enumerated().sorted { a, b in
      if a.element.file != b.element.file { return a.offset < b.offset }
      switch (a.element.position, b.element.position) {
      case (let x?, let y?): return x != y ? x < y : a.offset < b.offset
      case (nil, nil): return a.offset < b.offset
      case (_?, nil): return true
      case (nil, _?): return false
      }
    }.map(\.element)
  }
}

extension Diagnostic {
  /// The diagnostic in `name`, unless the reader named a file of its own.
  func inFile(_ name: String) -> Diagnostic {
    var copy = self
    if copy.file == nil { copy.file = name }
    return copy
  }
}

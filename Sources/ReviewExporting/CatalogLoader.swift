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
    if let failure = CatalogError.combining(structural: decoded.problems, rules: rules, in: source.name, locate: { reader.locate($0, in: source) }) {
      throw failure
    }
    return decoded.catalog
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
    return CatalogSource(name: path, bytes: try MappedFile.readAll(path))
  }

  private var readableList: String {
    registry.readers.map(\.formatName).joined(separator: ", ")
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

import ReviewCatalog
import ReviewExporting

/// Reads catalogs in the canonical JSON format.
///
/// Strict RFC 8259: syntax errors stop reading, with their line and column.
/// Keys may come in any order; unknown and duplicate keys, missing required
/// keys and values of the wrong type are all reported, with their paths.
/// Integers are read exactly to 64 bits. A UTF-8 byte order mark is ignored.
///
/// A file whose keys come in the canonical order (`formatVersion`, `catalog`,
/// `people`, `works`, `reviews`) can also be read part by part
/// (``openStream(atPath:name:)``), with the same problems reported.
public struct JSONReader: StreamingCatalogReader {
  /// Creates the reader.
  public init() {}

  /// `json`.
  public var formatName: String { "json" }
  /// `json`.
  public var fileExtensions: [String] { ["json"] }

  /// Reads a catalog from JSON bytes.
  public func read(_ source: CatalogSource) throws(CatalogError) -> DecodedCatalog {
    let result: Result<DecodedCatalog, CatalogError> = source.bytes.withUnsafeBufferPointer { buffer in
      var decoder = JSONValueDecoder(bytes: buffer)
      do {
        let catalog = try decoder.readCatalog()
        return .success(DecodedCatalog(catalog: catalog, problems: decoder.problems))
      } catch let error as JSONSyntaxError {
        // Structural problems found before the syntax error are still worth showing.
        let syntax = Diagnostic(position: decoder.positions.position(of: error.offset, in: buffer), message: error.message)
        return .failure(CatalogError(decoder.problems + [syntax]))
      } catch {
        return .failure(CatalogError([Diagnostic(message: "\(error)")]))
      }
    }
    return try result.get()
  }

  /// Finds the positions of values in JSON bytes.
  public func locate(_ paths: Set<CatalogPath>, in source: CatalogSource) -> [CatalogPath: SourceLocation] {
    source.bytes.withUnsafeBufferPointer { buffer in
      var locator = JSONLocator(bytes: buffer)
      return locator.locate(paths).mapValues { SourceLocation(position: $0) }
    }
  }

  /// Maps the file at `path` and reads up to its first person; `nil` when the
  /// file cannot be mapped or its version and info do not come first.
  public func openStream(atPath path: String, name: String) throws(CatalogError) -> (any CatalogStream)? {
    guard let file = MappedFile(path: path) else { return nil }
    return try JSONCatalogStream.open(file, name: name)
  }
}

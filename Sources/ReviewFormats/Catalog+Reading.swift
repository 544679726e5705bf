import Foundation
import ReviewCatalog
import ReviewExporting

extension Catalog {
  /// Reads and validates the catalog in a file or folder, as `review-export
  /// validate` does.
  ///
  /// ```swift
  /// let catalog = try Catalog(contentsOf: url)
  /// ```
  ///
  /// - Parameters:
  ///   - url: A file (`.json`, `.xml`, `.yaml`, `.sqlite`) or a folder
  ///     (`.tables`, `.jsonl`).
  ///   - format: The format to read it as; by default, the one its extension names.
  /// - Throws: `CatalogError`, whose `diagnostics` list every problem with
  ///   its file, line and column where known, its path (`reviews[3].rating.value`)
  ///   and the rule broken; its description is the tool's report.
  public init(contentsOf url: URL, format: CatalogFormat? = nil) throws(CatalogError) {
    let loader = CatalogLoader(registry: BuiltInFormats.shared)
    do {
      self = try loader.load(path: url.path, formatName: format?.name)
    } catch let error as CatalogError {
      throw error
    } catch {
      throw CatalogError([Diagnostic(file: url.path, message: "\(error)")])
    }
  }

  /// Reads and validates a catalog document held in memory, such as a
  /// resource's data.
  ///
  /// - Parameters:
  ///   - data: The document's bytes.
  ///   - format: Its format: one that is a single file (`.json`, `.xml`, `.yaml`, `.sqlite`).
  ///   - name: What diagnostics call it.
  public init(data: Data, format: CatalogFormat = .json, name: String = "catalog") throws(CatalogError) {
    guard let reader = BuiltInFormats.shared.reader(named: format.name), !reader.readsFolders else {
      throw CatalogError([Diagnostic(file: name, message: "no reader of single documents for the format '\(format)'")])
    }
    self = try CatalogLoader(registry: BuiltInFormats.shared).load(CatalogSource(name: name, bytes: Array(data)), with: reader)
  }
}

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
    try self.init(contentsOf: url, format: format, formats: BuiltInFormats.shared)
  }

  /// Reads and validates a catalog document held in memory, such as a
  /// resource's data.
  ///
  /// - Parameters:
  ///   - data: The document's bytes.
  ///   - format: Its format: one that is a single file (`.json`, `.xml`, `.yaml`, `.sqlite`).
  ///   - name: What diagnostics call it.
  public init(data: Data, format: CatalogFormat = .json, name: String = "catalog") throws(CatalogError) {
    try self.init(data: data, format: format, name: name, formats: BuiltInFormats.shared)
  }
}

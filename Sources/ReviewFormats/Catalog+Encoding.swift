import Foundation
import ReviewCatalog
import ReviewExporting

extension Catalog {
  /// The catalog in `format`, as `review-export export` writes it, byte for byte.
  ///
  /// ```swift
  /// let data = try catalog.encoded(as: .yaml)
  /// let compact = try catalog.encoded(as: .json, options: ["compact": "true"])
  /// ```
  ///
  /// - Parameters:
  ///   - format: A built-in format. Folder formats (`csv-tables`, `jsonl`)
  ///     have no single encoding: use ``write(to:as:options:durable:)``.
  ///     For your own exporters, pass a registry:
  ///     `encoded(as: "ical", formats: BuiltInFormats.registry(adding: [ICalendarExporter()]))`.
  ///   - options: The format's options by name, as `--option` takes them (`indent`, `compact`, …).
  /// - Throws: `ExportError` for an unknown format or option, or a catalog
  ///   the format cannot carry (XML and a control character, say).
  public func encoded(as format: CatalogFormat, options: [String: String] = [:]) throws -> Data {
    try encoded(as: format, options: options, formats: BuiltInFormats.shared)
  }

  /// Writes the catalog in `format` to `url`, atomically: the file (or
  /// folder) is staged beside its destination and put in place only once
  /// it is complete, as the tool commits its outputs; an identical file
  /// already there is left untouched.
  ///
  /// - Parameters:
  ///   - url: The file or folder to write.
  ///   - format: The format; by default, the one the extension names.
  ///   - options: The format's options by name.
  ///   - durable: Whether the output reaches the disk (`fsync`) before it is put in place.
  /// - Returns: Whether the file was written (`false`: it was already identical).
  @discardableResult
  public func write(
    to url: URL, as format: CatalogFormat? = nil, options: [String: String] = [:], durable: Bool = true
  ) throws -> Bool {
    try write(to: url, as: format, options: options, formats: BuiltInFormats.shared, durable: durable)
  }
}

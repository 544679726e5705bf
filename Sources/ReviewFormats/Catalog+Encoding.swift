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
  ///   - format: A built-in format, or one of `formats`. Folder formats
  ///     (`csv-tables`, `jsonl`) have no single encoding: use ``write(to:as:options:formats:durable:)``.
  ///   - options: The format's options by name, as `--option` takes them (`indent`, `compact`, …).
  ///   - formats: Where `format` is looked up; the built-in formats by default
  ///     (``BuiltInFormats/registry(adding:)`` adds your own).
  /// - Throws: ``ExportError`` for an unknown format or option, or a catalog
  ///   the format cannot carry (XML and a control character, say).
  public func encoded(
    as format: CatalogFormat, options: [String: String] = [:], formats: FormatRegistry = BuiltInFormats.shared
  ) throws -> Data {
    let exporter = try Self.exporter(format, in: formats)
    guard exporter.format.layout == .file else {
      throw ExportError("\(format) writes a folder of files; use write(to:as:) instead of encoded(as:)")
    }
    let output = ExportDestination(sink: .memory(), options: try exporter.format.resolveOptions(options))
    try exporter.export(self, to: output)
    return Data(output.sink.bytes)
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
  ///   - formats: Where `format` is looked up.
  ///   - durable: Whether the output reaches the disk (`fsync`) before it is put in place.
  /// - Returns: Whether the file was written (`false`: it was already identical).
  @discardableResult
  public func write(
    to url: URL, as format: CatalogFormat? = nil, options: [String: String] = [:],
    formats: FormatRegistry = BuiltInFormats.shared, durable: Bool = true
  ) throws -> Bool {
    let chosen = format ?? CatalogFormat(url.pathExtension)
    let exporter = try Self.exporter(chosen, in: formats)
    let request = ExportJob.Request(
      exporter: exporter, options: try exporter.format.resolveOptions(options), destination: url.path)
    let summary = try ExportJob.export(.catalog(self), to: [request], durable: durable)
    return summary.results.first?.changed ?? true
  }

  static func exporter(_ format: CatalogFormat, in formats: FormatRegistry) throws -> any Exporter {
    guard let exporter = formats.exporter(named: format.name) else {
      throw ExportError("unknown format '\(format)'; formats: \(formats.exporters.map(\.format.name).joined(separator: ", "))")
    }
    return exporter
  }
}

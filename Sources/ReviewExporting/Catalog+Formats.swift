import Foundation
import ReviewCatalog

extension Catalog {
  /// Reads and validates the catalog in a file or folder with the readers
  /// of `formats`: for an app that links only the formats it needs
  /// (`FormatRegistry(readers: [JSONReader()])`). `ReviewFormats` adds
  /// `Catalog(contentsOf:)`, with every built-in format.
  ///
  /// - Throws: `CatalogError`, whose `diagnostics` list every problem with
  ///   its place and rule.
  public init(contentsOf url: URL, format: CatalogFormat? = nil, formats: FormatRegistry) throws(CatalogError) {
    do {
      self = try CatalogLoader(registry: formats).load(path: url.path, formatName: format?.name)
    } catch let error as CatalogError {
      throw error
    } catch {
      throw CatalogError([Diagnostic(file: url.path, message: "\(error)")])
    }
  }

  /// Reads and validates a catalog document held in memory with the
  /// readers of `formats`.
  public init(data: Data, format: CatalogFormat, name: String = "catalog", formats: FormatRegistry) throws(CatalogError) {
    guard let reader = formats.reader(named: format.name), !reader.readsFolders else {
      throw CatalogError([Diagnostic(file: name, message: "no reader of single documents for the format '\(format)'")])
    }
    self = try CatalogLoader(registry: formats).load(CatalogSource(name: name, bytes: Array(data)), with: reader)
  }

  /// The catalog in `format`, one of `formats`, as the tool writes it.
  ///
  /// - Throws: ``ExportError`` for an unknown format or option, a folder
  ///   format, or a catalog the format cannot carry.
  public func encoded(as format: CatalogFormat, options: [String: String] = [:], formats: FormatRegistry) throws -> Data {
    let exporter = try formats.exporter(for: format)
    guard exporter.format.layout == .file else {
      throw ExportError("\(format) writes a folder of files; use write(to:as:) instead of encoded(as:)")
    }
    let output = ExportDestination(sink: .memory(), options: try exporter.format.resolveOptions(options))
    try exporter.export(self, to: output)
    return Data(output.sink.bytes)
  }

  /// Writes the catalog in `format`, one of `formats`, to `url`,
  /// atomically, as the tool commits its outputs; an identical file
  /// already there is left untouched.
  ///
  /// - Returns: Whether the file was written (`false`: it was already identical).
  @discardableResult
  public func write(
    to url: URL, as format: CatalogFormat? = nil, options: [String: String] = [:], formats: FormatRegistry,
    durable: Bool = true
  ) throws -> Bool {
    let exporter = try formats.exporter(for: format ?? CatalogFormat(url.pathExtension))
    let request = ExportJob.Request(
      exporter: exporter, options: try exporter.format.resolveOptions(options), destination: url.path)
    let summary = try ExportJob.export(.catalog(self), to: [request], durable: durable)
    return summary.results.first?.changed ?? true
  }
}

extension FormatRegistry {
  /// The exporter of `format`, or an error that lists the known ones.
  public func exporter(for format: CatalogFormat) throws -> any Exporter {
    guard let exporter = exporter(named: format.name) else {
      throw ExportError("unknown format '\(format)'; formats: \(exporters.map(\.format.name).joined(separator: ", "))")
    }
    return exporter
  }
}

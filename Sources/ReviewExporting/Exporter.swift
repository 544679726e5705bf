import ReviewCatalog

/// A format that a catalog can be exported to.
///
/// To add a format, write a type that conforms to `Exporter`, describe it in
/// ``format`` (name, file extension, media type, options) and write the
/// catalog to the output's sink in ``export(_:to:)``:
///
/// ```swift
/// struct TitlesExporter: Exporter {
///   let format = FormatDescriptor(
///     name: "titles", fileExtension: "txt", mediaType: "text/plain",
///     summary: "One work title a line.")
///
///   func export(_ catalog: Catalog, to output: ExportDestination) throws {
///     for work in catalog.works { try output.sink.write(work.title + "\n") }
///   }
/// }
/// ```
///
/// What an implementation must do:
/// - Write only through `output`; never open the destination file itself, so
///   that the export job can commit it atomically or discard it.
/// - Read options only through `output.options`: the job has already checked
///   every value against ``FormatDescriptor/options`` and filled in defaults.
/// - Give the same bytes for the same catalog and options on every run.
/// - Throw ``ExportError`` (or any error with a useful description) when the
///   catalog cannot be written; the job then discards the output.
/// - Be a value that is safe to share: the job may run several exporters at
///   once on different threads, each with its own output.
///
/// The catalog handed to `export` has been validated.
public protocol Exporter: Sendable {
  /// The format's name, file extension, media type, description and options.
  var format: FormatDescriptor { get }

  /// Writes `catalog` in this format to `output`.
  func export(_ catalog: Catalog, to output: ExportDestination) throws
}

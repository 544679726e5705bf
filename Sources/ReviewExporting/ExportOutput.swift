/// Where one exporter writes one output, with the options the user chose.
public final class ExportOutput {
  /// The sink to write the output's bytes to.
  public let sink: ByteSink
  /// The checked options for this export, defaults filled in.
  public let options: ExportOptions
  /// The notes the exporter left for the user, shown on standard error unless `--quiet`.
  public private(set) var warnings: [String] = []

  /// Creates an output; the export job makes these, tests may too.
  public init(sink: ByteSink, options: ExportOptions = ExportOptions()) {
    self.sink = sink
    self.options = options
  }

  /// Leaves a note for the user, such as how many characters were replaced.
  public func warn(_ message: String) {
    warnings.append(message)
  }
}

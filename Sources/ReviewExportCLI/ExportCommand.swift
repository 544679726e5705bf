import ArgumentParser
import ExternalFormat
import Foundation
import ReviewCatalog
import ReviewExporting
import TemplateFormat

/// `review-export export INPUT`: validates a catalog and writes it in the chosen formats.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Validate a catalog and write it in one or more formats.",
    discussion: """
      With no INPUT, every catalog that review-export.yml lists is exported. \
      Each output is written to '<output>/<input name without extension>.<format extension>'. \
      Outputs are written to temporary files and moved into place only when every format \
      has succeeded, so a failed export leaves no partial file and no existing output changed.
      """
  )

  @Argument(help: "The catalog to export, or '-' for standard input (with --input-format). Without it, the catalogs of review-export.yml.")
  var input: String?

  @Option(help: "The config file (default: review-export.yml in the current folder, if there is one). Flags override it.")
  var config: String?

  @Option(
    name: .shortAndLong,
    help: "Formats to write: a comma-separated list, repeatable; 'all' (the default) is every format.")
  var format: [String] = []

  @Option(
    name: .shortAndLong,
    help: "The folder to write into; created if missing ('-': standard output, as --stdout). Default: the config's output, or the current folder.")
  var output: String?

  @Flag(help: "Write the one selected format to standard output instead of a file.")
  var stdout = false

  @Option(help: "The name the outputs share, before their extensions. Default: the input's file name without its extension.")
  var name: String?

  @Option(
    name: [.customLong("option"), .customShort("O")],
    help: ArgumentHelp("A format option, as FORMAT.KEY=VALUE; repeatable. See 'review-export formats'.", valueName: "format.key=value"))
  var options: [String] = []

  @Option(help: "The format of the input, when its extension does not say (needed for '-').")
  var inputFormat: String?

  @Flag(name: .shortAndLong, help: "Print nothing but errors.")
  var quiet = false

  @Flag(help: "Write nothing; list the outputs that would change and exit 1 if any would, 2 if one cannot be read (for CI).")
  var check = false

  @Flag(help: "Do not wait for the outputs to reach the disk (fsync) before committing them; faster, but a power cut may then leave empty files.")
  var noFsync = false

  @Option(
    help: ArgumentHelp(
      "Write only shard I of N: the reviews whose id hashes to I, into '<output>/<name>.shard-I-of-N/', for 'review-export merge'. Shard 0 also writes the people and works.",
      valueName: "I/N"))
  var shard: String?

  @OptionGroup var reading: ReadingOptions

  @OptionGroup(title: "External exporters")
  var exporters: ExternalExporterOptions

  @OptionGroup(title: "Templates")
  var templateOptions: TemplateOptions

  mutating func validate() throws {
    // `-o -` is standard output, as for pandoc and most tools, not a folder named '-'.
    if output == "-" {
      if stdout { throw ValidationError("--stdout and --output - say the same; give one") }
      (output, stdout) = (nil, true)
    }
    if check && stdout { throw ValidationError("--check compares files; it cannot be used with --stdout") }
    if stdout && output != nil { throw ValidationError("--stdout and --output both say where the output goes; give one") }
    try ToolContext.checkInputFormat(inputFormat, input: input)
    if shard != nil && stdout { throw ValidationError("--shard writes a shard's folder; it cannot be used with --stdout") }
    if let shard { _ = try parsedShard(shard) }
    if let name, name.isEmpty || name.contains("/") || name.hasPrefix(".") || name.contains("\0") {
      throw ValidationError("--name '\(name)' must be a file name without '/' that does not start with '.'")
    }
  }

  func run() throws {
    let templates: [TemplateExporter]
    do {
      templates = try templateOptions.files()
    } catch {
      StandardError.print("review-export: error: \(error)")
      throw ExitCode(1)
    }
    let targets = try catalogTargets(templateNames: templates.map(\.format.name))
    // Only the external programs whose formats are asked for are asked to describe themselves.
    let wanted = Set(targets.flatMap(\.formats).flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) })
    var (registry, _, refused) = ToolContext.registry(exporters: exporters, templates: templateOptions, externalFormats: wanted)
    registry = reading.applied(to: registry)
    do {
      for template in templates { try registry.register(template) }
    } catch {
      StandardError.print("review-export: error: \(error)")
      throw ExitCode(1)
    }
    if stdout && targets.count != 1 { throw ValidationError("--stdout writes one catalog; the config lists \(targets.count)") }
    var changed = false
    let progress = ProgressDisplay(quiet: quiet)
    for target in targets {
      let outputs: [(any Exporter, ExportOptions)]
      do {
        outputs = try resolveFormats(registry, target: target, refused: refused)
      } catch let problem as ConfigProblem {
        StandardError.print("\(problem)")
        throw ExitCode(1)
      }
      if stdout && outputs.count != 1 {
        throw ValidationError(
          "--stdout writes one format; select exactly one with --format (selected: \(outputs.map(\.0.format.name).joined(separator: ", ")))")
      }
      progress.show("reading \(target.input)…")
      defer { progress.stop() }
      let loader = CatalogLoader(registry: registry)
      // Catalogs are streamed when every selected format can take them part
      // by part; one whose parts turn out to be out of order is read whole.
      let streamable = outputs.allSatisfy { $0.0 is any StreamingExporter && (!stdout || $0.0.format.layout == .file) }
      if streamable, let stream = try loader.openStreamForCommand(target.input, formatName: inputFormat) {
        do {
          changed = try export(.stream(stream, loader), target: target, outputs: outputs, progress: progress) || changed
          continue
        } catch let error as StreamOrderError {
          if !quiet { StandardError.print("note: \(target.input): \(error.reason), so the whole catalog is read into memory") }
        }
      }
      let catalog = try loader.loadForCommand(target.input, formatName: inputFormat)
      changed = try export(.catalog(catalog), target: target, outputs: outputs, progress: progress) || changed
    }
    if check && changed { throw ExitCode(1) }
  }

  /// A catalog to export: read whole, or being read part by part.
  enum CatalogInput {
    case catalog(Catalog)
    /// A stream, and the loader that opened it (to read it again for standard output).
    case stream(any CatalogStream, CatalogLoader)
  }

  /// Exports one catalog; returns whether any output changed (or, with --check, would).
  private func export(
    _ input: CatalogInput, target: CatalogTarget, outputs: [(any Exporter, ExportOptions)], progress: ProgressDisplay
  ) throws -> Bool {
    do {
      if stdout {
        let (exporter, options) = outputs[0]
        let warnings: [String]
        switch input {
        case .catalog(let catalog):
          warnings = try ExportJob.writeToStandardOutput(.catalog(catalog), exporter: exporter, options: options)
        case .stream(let stream, let loader):
          // Validate it all first, so that nothing is written for an invalid
          // catalog; then read it again to write it, holding none of it.
          _ = try ExportJob.export(.stream(stream), to: [])
          guard let again = try loader.openStream(path: target.input, formatName: inputFormat),
            let exporter = exporter as? any StreamingExporter
          else { throw StreamOrderError("the file changed while it was read") }
          warnings = try ExportJob.writeToStandardOutput(.stream(again), exporter: exporter, options: options)
        }
        if !quiet { for warning in warnings { StandardError.print("\(exporter.format.name): \(warning)") } }
        return true
      }
      let stem = target.name ?? outputStem(input, path: target.input)
      let outputs = try shard.map { try shardOutputs(outputs, shard: parsedShard($0), stem: stem, selected: !target.formats.isEmpty) } ?? outputs
      var jobs = outputs.map { exporter, options in
        ExportJob.Request(
          exporter: exporter, options: options,
          destination: (exporter as? ShardExporter)?.destination(in: target.output)
            ?? (Self.namesOutput(target, of: exporter, among: outputs.count)
              ? target.output : (target.output as NSString).appendingPathComponent("\(stem).\(exporter.format.fileExtension)")),
          progress: ExportProgress())
      }
      // Every format, into the folder that holds the input: the canonical
      // JSON would replace the input itself, so it is left out, with a note.
      if target.formats.isEmpty && !check, let index = jobs.firstIndex(where: { Self.isInput($0.destination, target.input) }), jobs.count > 1 {
        if !quiet {
          StandardError.print(
            "note: \(jobs[index].exporter.format.name) not written: it would replace the input \(jobs[index].destination); give --output to write it elsewhere")
        }
        jobs.remove(at: index)
      }
      try refuseToOverwriteInput(jobs, input: target.input)
      let results: [ExportJob.Result]
      do {
        defer { progress.stop() }
        let mode: ExportJob.Mode = check ? .check : .write
        switch input {
        case .catalog(let catalog):
          progress.follow(jobs.map { ($0.exporter.format.name, $0.progress!) }, total: catalog.reviews.count)
          results = try ExportJob.export(.catalog(catalog), to: jobs, mode: mode, durable: !noFsync).results
        case .stream(let stream, _):
          progress.follow(jobs.map { ($0.exporter.format.name, $0.progress!) }, total: nil)
          results = try ExportJob.export(.stream(stream), to: jobs, mode: mode, durable: !noFsync).results
        }
      }
      if check {
        let changed = results.filter(\.changed)
        for result in changed { print("would change: \(result.destination)") }
        if !quiet && changed.isEmpty { StandardError.print("up to date: \(results.count) output\(results.count == 1 ? "" : "s")") }
        return !changed.isEmpty
      }
      if !quiet {
        for result in results {
          for warning in result.warnings { StandardError.print("\(result.format): \(warning)") }
          let verb = result.changed ? "wrote" : "unchanged"
          StandardError.print("\(verb) \(result.destination) (\(result.format), \(Self.size(result.byteCount)), \(String(format: "%.2f", result.seconds)) s)")
        }
      }
      return results.contains(where: \.changed)
    } catch let error as CatalogError {
      StandardError.report(error, in: target.input)
      throw ExitCode(1)
    } catch let error as StreamOrderError {
      throw error
    } catch let error as ExportJob.CheckError {
      StandardError.print("review-export: error: \(error)")
      throw ExitCode(2)
    } catch {
      StandardError.print("review-export: error: \(error)")
      throw ExitCode(1)
    }
  }
}

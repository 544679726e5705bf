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

  @Option(name: .shortAndLong, help: "The folder to write into; created if missing. Default: the config's output, or the current folder.")
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

  @OptionGroup var reading: ReadingOptions

  @OptionGroup(title: "External exporters")
  var plugins: PluginOptions

  @OptionGroup(title: "Templates")
  var templateOptions: TemplateOptions

  func validate() throws {
    if check && stdout { throw ValidationError("--check compares files; it cannot be used with --stdout") }
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
    var (registry, _, refused) = ToolContext.registry(plugins: plugins, templates: templateOptions, externalFormats: wanted)
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
      let outputs = try resolveFormats(registry, selection: target.formats, configOptions: target.configOptions, refused: refused)
      if stdout && outputs.count != 1 {
        throw ValidationError("--stdout writes one format; select exactly one with --format (selected: \(outputs.map(\.0.format.name).joined(separator: ", ")))")
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

  /// One catalog to export and how.
  struct CatalogTarget {
    var input: String
    var name: String?
    /// Format selections, before 'all' is expanded; empty means all.
    var formats: [String]
    /// Options from the config, applied to the selected formats they are for.
    var configOptions: [String]
    var output: String
  }

  /// The catalogs to export: INPUT with the config's defaults, or the config's catalogs.
  private func catalogTargets(templateNames: [String]) throws -> [CatalogTarget] {
    let configPath = config ?? (FileManager.default.fileExists(atPath: ExportPlan.configName) ? ExportPlan.configName : nil)
    var file: ExportConfig?
    if let configPath {
      guard FileManager.default.fileExists(atPath: configPath) else { throw ValidationError("--config \(configPath): no such file") }
      do {
        file = try ExportConfig(file: URL(fileURLWithPath: configPath), allowedFormats: nil)
      } catch {
        StandardError.print("\(error)")
        throw ExitCode(1)
      }
    }
    let configFolder = file.map { $0.file.deletingLastPathComponent().path } ?? "."
    let folder = output ?? file?.output.map { ($0 as NSString).isAbsolutePath ? $0 : (configFolder as NSString).appendingPathComponent($0) } ?? "."
    // Formats on the command line replace the config's; a --template adds its format.
    func formats(_ configured: [String]?) -> [String] {
      if !format.isEmpty { return format + templateNames }
      if !templateNames.isEmpty { return templateNames }
      return configured ?? []
    }
    if let input {
      return [CatalogTarget(input: input, name: name, formats: formats(file?.formats), configOptions: file?.options ?? [], output: folder)]
    }
    guard let file, !file.catalogs.isEmpty else {
      throw ValidationError("give a catalog to export, or list catalogs in a review-export.yml (see 'review-export export --help')")
    }
    if name != nil && file.catalogs.count > 1 { throw ValidationError("--name names one catalog's outputs; the config lists \(file.catalogs.count)") }
    return file.catalogs.map { entry in
      CatalogTarget(
        input: entry.input.path, name: name ?? entry.name, formats: formats(entry.formats ?? file.formats),
        configOptions: file.options + entry.options, output: folder)
    }
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
          warnings = try ExportJob.writeToStandardOutput(catalog, exporter: exporter, options: options)
        case .stream(let stream, let loader):
          // Validate it all first, so that nothing is written for an invalid
          // catalog; then read it again to write it, holding none of it.
          _ = try ExportJob.stream(from: stream, to: [])
          guard let again = try loader.openStream(path: target.input, formatName: inputFormat),
            let exporter = exporter as? any StreamingExporter
          else { throw StreamOrderError("the file changed while it was read") }
          warnings = try ExportJob.writeToStandardOutput(again, exporter: exporter, options: options)
        }
        if !quiet { for warning in warnings { StandardError.print("\(exporter.format.name): \(warning)") } }
        return true
      }
      let stem = target.name ?? outputStem(input, path: target.input)
      let jobs = outputs.map { exporter, options in
        ExportJob.Output(
          exporter: exporter, options: options,
          destination: (target.output as NSString).appendingPathComponent("\(stem).\(exporter.format.fileExtension)"),
          progress: ExportProgress())
      }
      try refuseToOverwriteInput(jobs, input: target.input)
      let results: [ExportJob.Result]
      do {
        defer { progress.stop() }
        let mode: ExportJob.Mode = check ? .check : .write
        switch input {
        case .catalog(let catalog):
          progress.follow(jobs.map { ($0.exporter.format.name, $0.progress!) }, total: catalog.reviews.count)
          results = try ExportJob(catalog: catalog, outputs: jobs, durable: !noFsync).run(mode: mode)
        case .stream(let stream, _):
          progress.follow(jobs.map { ($0.exporter.format.name, $0.progress!) }, total: nil)
          results = try ExportJob.stream(from: stream, to: jobs, mode: mode, durable: !noFsync).results
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

  /// The selected exporters with their checked options.
  private func resolveFormats(
    _ registry: FormatRegistry, selection format: [String], configOptions: [String],
    refused: [(name: String, reason: String)]
  ) throws -> [(any Exporter, ExportOptions)] {
    let exporters: [any Exporter]
    // 'all' is every format of the tool; external programs run only when named.
    let builtIn = registry.exporters.filter { !($0 is ExternalExporter) }.map(\.format.name).joined(separator: ",")
    let selection = (format.isEmpty ? ["all"] : format).map { list in
      list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) == "all" ? builtIn : String($0) }.joined(separator: ",")
    }
    do {
      exporters = try registry.exporters(selectedBy: selection)
    } catch {
      let names = format.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
      if let refusal = refused.first(where: { names.contains($0.name) }) {
        throw ValidationError("format '\(refusal.name)' cannot be used: \(refusal.reason)")
      }
      throw ValidationError("\(error)")
    }
    var given: [String: [String: String]] = [:]
    // The config's options apply to the selected formats they are for; flags override them.
    for option in configOptions {
      guard let equals = option.firstIndex(of: "="), let dot = option[..<equals].firstIndex(of: ".") else { continue }
      let formatName = String(option[..<dot])
      guard exporters.contains(where: { $0.format.name == formatName }) else { continue }
      given[formatName, default: [:]][String(option[option.index(after: dot)..<equals])] = String(option[option.index(after: equals)...])
    }
    for option in options {
      guard let equals = option.firstIndex(of: "="), let dot = option[..<equals].firstIndex(of: ".") else {
        throw ValidationError("--option '\(option)' must look like FORMAT.KEY=VALUE, for example json.indent=4")
      }
      let formatName = String(option[..<dot])
      let key = String(option[option.index(after: dot)..<equals])
      let value = String(option[option.index(after: equals)...])
      guard registry.exporter(named: formatName) != nil else {
        throw ValidationError("--option '\(option)': unknown format '\(formatName)'; known formats: \(registry.exporters.map(\.format.name).joined(separator: ", "))")
      }
      guard exporters.contains(where: { $0.format.name == formatName }) else {
        throw ValidationError("--option '\(option)' is for format '\(formatName)', which is not selected; add it to --format or drop the option")
      }
      given[formatName, default: [:]][key] = value
    }
    do {
      return try exporters.map { ($0, try $0.format.resolveOptions(given[$0.format.name] ?? [:])) }
    } catch {
      throw ValidationError("\(error)")
    }
  }

  /// The name outputs share: the input's file name without its extension, or
  /// the catalog's id when reading standard input.
  private func outputStem(_ input: CatalogInput, path: String) -> String {
    // Standard input is never streamed.
    if path == "-", case .catalog(let catalog) = input { return catalog.info.id }
    let name = (path as NSString).lastPathComponent
    let stem = (name as NSString).deletingPathExtension
    return stem.isEmpty ? name : stem
  }

  /// Refuses an output that would replace the input, or a folder output
  /// (which is replaced whole) that holds the input.
  private func refuseToOverwriteInput(_ jobs: [ExportJob.Output], input: String) throws {
    guard input != "-" else { return }
    let inputPath = URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath().path
    for job in jobs {
      let destination = URL(fileURLWithPath: job.destination).standardizedFileURL.resolvingSymlinksInPath().path
      if destination == inputPath {
        throw ExportError("\(job.destination) is the input file; choose another folder with --output")
      }
      if job.exporter.format.layout == .directory && inputPath.hasPrefix(destination + "/") {
        throw ExportError(
          "\(input) is inside \(job.destination), which the \(job.exporter.format.name) export replaces whole; move the input or choose another --output")
      }
    }
  }

  private static func size(_ bytes: Int) -> String {
    if bytes < 1024 { return "\(bytes) bytes" }
    if bytes < 1024 * 1024 { return String(format: "%.1f KiB", Double(bytes) / 1024) }
    if bytes < 1024 * 1024 * 1024 { return String(format: "%.1f MiB", Double(bytes) / 1024 / 1024) }
    return String(format: "%.2f GiB", Double(bytes) / 1024 / 1024 / 1024)
  }
}

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
    if stdout && output != nil { throw ValidationError("--stdout and --output both say where the output goes; give one") }
    try ToolContext.checkInputFormat(inputFormat, input: input)
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
      let outputs: [(any Exporter, ExportOptions)]
      do {
        outputs = try resolveFormats(registry, target: target, refused: refused)
      } catch let problem as ConfigProblem {
        StandardError.print("\(problem)")
        throw ExitCode(1)
      }
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
    /// Where the selection came from: the config's file and line, or `nil` for the command line.
    var formatsOrigin: ConfigPlace?
    /// Options from the config, applied to the selected formats they are for, with their places.
    var configOptions: [(text: String, place: ConfigPlace)]
    var output: String
    /// Whether `--output` names the output file itself (`-o result.json`).
    var outputNamesFile = false
  }

  /// A line of the config file, for messages.
  struct ConfigPlace {
    var file: String
    var line: Int
  }

  /// A problem in the config file: printed with its file and line, exit 1.
  struct ConfigProblem: Error, CustomStringConvertible {
    var place: ConfigPlace
    var message: String
    var description: String { "\(place.file):\(place.line): error: \(message)" }
  }

  /// The catalogs to export: INPUT with the config's defaults, or the config's catalogs.
  private func catalogTargets(templateNames: [String]) throws -> [CatalogTarget] {
    let configPath: String?
    do {
      configPath = try config ?? ExportPlan.configFile(in: URL(fileURLWithPath: ".")).map(\.lastPathComponent)
    } catch {
      StandardError.print("\(error)")
      throw ExitCode(1)
    }
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
    let configFile = file?.file.path ?? ""
    func place(_ line: Int?) -> ConfigPlace? { line.map { ConfigPlace(file: configFile, line: $0) } }
    func options(_ texts: [String], _ lines: [Int]) -> [(text: String, place: ConfigPlace)] {
      zip(texts, lines).map { ($0, ConfigPlace(file: configFile, line: $1)) }
    }
    // Formats on the command line replace the config's; a --template adds its format.
    func formats(_ configured: [String]?, line: Int?) -> ([String], ConfigPlace?) {
      if !format.isEmpty { return (format + templateNames, nil) }
      if !templateNames.isEmpty { return (templateNames, nil) }
      return (configured ?? [], configured == nil ? nil : place(line))
    }
    let topOptions = file.map { options($0.options, $0.optionLines) } ?? []
    if let input {
      let (selection, origin) = formats(file?.formats, line: file?.formatsLine)
      return [
        CatalogTarget(
          input: input, name: name, formats: selection, formatsOrigin: origin, configOptions: topOptions, output: folder,
          outputNamesFile: output != nil)
      ]
    }
    guard let file, !file.catalogs.isEmpty else {
      throw ValidationError("give a catalog to export, or list catalogs in a review-export.yml (see 'review-export export --help')")
    }
    if name != nil && file.catalogs.count > 1 { throw ValidationError("--name names one catalog's outputs; the config lists \(file.catalogs.count)") }
    return file.catalogs.map { entry in
      let (selection, origin) = formats(entry.formats ?? file.formats, line: entry.formats != nil ? entry.formatsLine : file.formatsLine)
      return CatalogTarget(
        input: entry.input.path, name: name ?? entry.name, formats: selection, formatsOrigin: origin,
        configOptions: topOptions + options(entry.options, entry.optionLines), output: folder,
        outputNamesFile: output != nil && file.catalogs.count == 1)
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
      var jobs = outputs.map { exporter, options in
        ExportJob.Output(
          exporter: exporter, options: options,
          destination: Self.namesOutput(target, of: exporter, among: outputs.count)
            ? target.output : (target.output as NSString).appendingPathComponent("\(stem).\(exporter.format.fileExtension)"),
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
  ///
  /// Format names are case-insensitive. A problem on the command line is a
  /// usage error (exit 64); one in the config file names its file and line
  /// (``ConfigProblem``, exit 1).
  private func resolveFormats(
    _ registry: FormatRegistry, target: CatalogTarget, refused: [(name: String, reason: String)]
  ) throws -> [(any Exporter, ExportOptions)] {
    let known = registry.exporters.map(\.format.name)
    func fail(_ message: String, at place: ConfigPlace?) -> any Error {
      if let place { return ConfigProblem(place: place, message: message) }
      return ValidationError(message)
    }
    func unknownFormat(_ name: String, at place: ConfigPlace?) -> any Error {
      if let refusal = refused.first(where: { $0.name == name }) {
        return fail("format '\(name)' cannot be used: \(refusal.reason)", at: place)
      }
      // A file extension names its format (`yml`, `md`, `tables`); else the nearest name.
      let byExtension = registry.exporters.first { $0.format.fileExtension == name }?.format.name
        ?? registry.readers.first { $0.fileExtensions.contains(name) }?.formatName
      let suggestion = (byExtension ?? ObjectShape.nearest(to: name, among: known + ["all"])).map { "did you mean '\($0)'? " } ?? ""
      return fail("unknown format \(ScalarRules.quoted(name)); \(suggestion)known formats: \(known.joined(separator: ", ")), or all", at: place)
    }
    // 'all' is every format of the tool; external programs run only when named.
    let builtIn = registry.exporters.filter { !($0 is ExternalExporter) }.map(\.format.name)
    var names: [String] = []
    for list in target.formats.isEmpty ? ["all"] : target.formats {
      for part in list.split(separator: ",") {
        let name = part.trimmingCharacters(in: .whitespaces).lowercased()
        let expanded = name == "all" ? builtIn : [name]
        for one in expanded where !names.contains(one) {
          guard registry.exporter(named: one) != nil else { throw unknownFormat(one, at: target.formatsOrigin) }
          names.append(one)
        }
      }
    }
    let exporters = names.compactMap { registry.exporter(named: $0) }
    var given: [String: [String: String]] = [:]
    var places: [String: ConfigPlace] = [:]
    func split(_ option: String) -> (format: String, key: String, value: String)? {
      guard let equals = option.firstIndex(of: "="), let dot = option[..<equals].firstIndex(of: ".") else { return nil }
      return (
        String(option[..<dot]).lowercased(), String(option[option.index(after: dot)..<equals]),
        String(option[option.index(after: equals)...])
      )
    }
    // The config's options apply to the selected formats they are for; flags override them.
    for (option, place) in target.configOptions {
      guard let (formatName, key, value) = split(option) else { continue }
      guard registry.exporter(named: formatName) != nil else { throw unknownFormat(formatName, at: place) }
      guard names.contains(formatName) else { continue }
      given[formatName, default: [:]][key] = value
      places[formatName + "." + key] = place
    }
    for option in options {
      guard let (formatName, key, value) = split(option) else {
        throw ValidationError("--option '\(option)' must look like FORMAT.KEY=VALUE, for example json.indent=4")
      }
      guard registry.exporter(named: formatName) != nil else { throw unknownFormat(formatName, at: nil) }
      guard names.contains(formatName) else {
        throw ValidationError("--option '\(option)' is for format '\(formatName)', which is not selected; add it to --format or drop the option")
      }
      given[formatName, default: [:]][key] = value
      places[formatName + "." + key] = nil
    }
    return try exporters.map { exporter in
      let values = given[exporter.format.name] ?? [:]
      do {
        return (exporter, try exporter.format.resolveOptions(values))
      } catch {
        // Name the config's line when the option came from there.
        let place = values.keys.sorted().lazy.compactMap { places[exporter.format.name + "." + $0] }.first { _ in
          (try? exporter.format.resolveOptions(values.filter { places[exporter.format.name + "." + $0.key] == nil })) != nil
        }
        throw fail("\(error)", at: place)
      }
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

  /// Whether `--output` names this output itself rather than its folder:
  /// one format is selected, and the path ends with its extension and is
  /// not a folder already (a folder format's path is its folder).
  private static func namesOutput(_ target: CatalogTarget, of exporter: any Exporter, among count: Int) -> Bool {
    guard target.outputNamesFile, count == 1 else { return false }
    let path = target.output.hasSuffix("/") ? "" : target.output
    guard path.lowercased().hasSuffix("." + exporter.format.fileExtension.lowercased()) else { return false }
    var isDirectory: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
    return exporter.format.layout == .directory || !(exists && isDirectory.boolValue)
  }

  /// Whether `destination` is the file `input`.
  private static func isInput(_ destination: String, _ input: String) -> Bool {
    guard input != "-" else { return false }
    func resolved(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
    return resolved(destination) == resolved(input)
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

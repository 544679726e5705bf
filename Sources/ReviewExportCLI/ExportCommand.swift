import ArgumentParser
import ExternalFormat
import Foundation
import ReviewCatalog
import ReviewExporting

/// `review-export export INPUT`: validates a catalog and writes it in the chosen formats.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Validate a catalog and write it in one or more formats.",
    discussion: """
      Each output is written to '<output>/<input name without extension>.<format extension>'. \
      Outputs are written to temporary files and moved into place only when every format \
      has succeeded, so a failed export leaves no partial file and no existing output changed.
      """
  )

  @Argument(help: "The catalog to export, or '-' for standard input (with --input-format).")
  var input: String

  @Option(
    name: .shortAndLong,
    help: "Formats to write: a comma-separated list, repeatable; 'all' (the default) is every format.")
  var format: [String] = []

  @Option(name: .shortAndLong, help: "The folder to write into; created if missing. Default: the current folder.")
  var output: String = "."

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

  @Flag(help: "Write nothing; list the outputs that would change and exit 1 if any would (for CI).")
  var check = false

  @OptionGroup(title: "External exporters")
  var plugins: PluginOptions

  @OptionGroup(title: "Templates")
  var templateOptions: TemplateOptions

  func validate() throws {
    if check && stdout { throw ValidationError("--check compares files; it cannot be used with --stdout") }
    if let name, name.isEmpty || name.contains("/") || name == "." || name == ".." {
      throw ValidationError("--name '\(name)' must be a file name without '/'")
    }
  }

  func run() throws {
    var (registry, _, refused) = ToolContext.registry(plugins: plugins, templates: templateOptions)
    var selected = format
    do {
      for template in try templateOptions.files() {
        try registry.register(template)
        selected.append(template.format.name)
      }
    } catch {
      StandardError.print("review-export: error: \(error)")
      throw ExitCode(1)
    }
    let outputs = try resolveFormats(registry, selection: selected, refused: refused)
    if stdout && outputs.count != 1 {
      throw ValidationError("--stdout writes one format; select exactly one with --format (selected: \(outputs.map(\.0.format.name).joined(separator: ", ")))")
    }

    let catalog = try CatalogLoader(registry: registry).loadForCommand(input, formatName: inputFormat)

    do {
      if stdout {
        let (exporter, options) = outputs[0]
        let warnings = try ExportJob.writeToStandardOutput(catalog, exporter: exporter, options: options)
        if !quiet { for warning in warnings { StandardError.print("\(exporter.format.name): \(warning)") } }
        return
      }
      let stem = outputStem(catalog)
      let jobs = outputs.map { exporter, options in
        ExportJob.Output(
          exporter: exporter, options: options,
          destination: (output as NSString).appendingPathComponent("\(stem).\(exporter.format.fileExtension)"))
      }
      try refuseToOverwriteInput(jobs)
      let results = try ExportJob(catalog: catalog, outputs: jobs).run(mode: check ? .check : .write)
      if check {
        let changed = results.filter(\.changed)
        for result in changed { print("would change: \(result.destination)") }
        if !changed.isEmpty { throw ExitCode(1) }
        if !quiet { StandardError.print("up to date: \(results.count) output\(results.count == 1 ? "" : "s")") }
        return
      }
      if !quiet {
        for result in results {
          for warning in result.warnings { StandardError.print("\(result.format): \(warning)") }
          let verb = result.changed ? "wrote" : "unchanged"
          StandardError.print("\(verb) \(result.destination) (\(result.format), \(Self.size(result.byteCount)))")
        }
      }
    } catch let exit as ExitCode {
      throw exit
    } catch {
      StandardError.print("review-export: error: \(error)")
      throw ExitCode(1)
    }
  }

  /// The selected exporters with their checked options.
  private func resolveFormats(
    _ registry: FormatRegistry, selection format: [String], refused: [(name: String, reason: String)]
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
  private func outputStem(_ catalog: Catalog) -> String {
    if let name { return name }
    guard input != "-" else { return catalog.info.id }
    let name = (input as NSString).lastPathComponent
    let stem = (name as NSString).deletingPathExtension
    return stem.isEmpty ? name : stem
  }

  private func refuseToOverwriteInput(_ jobs: [ExportJob.Output]) throws {
    guard input != "-" else { return }
    let inputPath = URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath().path
    for job in jobs where URL(fileURLWithPath: job.destination).standardizedFileURL.resolvingSymlinksInPath().path == inputPath {
      throw ExportError("\(job.destination) is the input file; choose another folder with --output")
    }
  }

  private static func size(_ bytes: Int) -> String {
    if bytes < 1024 { return "\(bytes) bytes" }
    if bytes < 1024 * 1024 { return String(format: "%.1f KiB", Double(bytes) / 1024) }
    return String(format: "%.1f MiB", Double(bytes) / 1024 / 1024)
  }
}

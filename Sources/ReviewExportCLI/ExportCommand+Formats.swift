import ArgumentParser
import ExternalFormat
import Foundation
import ReviewCatalog
import ReviewExporting

// The formats an export writes, with their checked options.

extension ExportCommand {
  /// The selected exporters with their checked options.
  ///
  /// Format names are case-insensitive. A problem on the command line is a
  /// usage error (exit 64); one in the config file names its file and line
  /// (``ConfigProblem``, exit 1).
  func resolveFormats(
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
      let byExtension =
        registry.exporters.first { $0.format.fileExtension == name }?.format.name
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
}

import ArgumentParser
import ExternalFormat
import Foundation
import ReviewExportConfig
import ReviewCatalog
import ReviewExporting

// The catalogs an export writes: INPUT, or the config's, with their formats, options and output.

extension ExportCommand {
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
  func catalogTargets(templateNames: [String]) throws -> [CatalogTarget] {
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
}

import Foundation

/// What to export from one target: each catalog, the formats and options,
/// and the name of its outputs. Worked out from the target's files and its
/// `review-export.yml`; shared by the build-tool and command plugins.
public struct ExportPlan {
  /// One catalog to export.
  public struct Catalog {
    /// The catalog file.
    public var input: URL
    /// The name its outputs share.
    public var name: String
    /// The formats to export it to.
    public var formats: [String]
    /// Its options, as `FORMAT.KEY=VALUE`.
    public var options: [String]

    /// The arguments of `review-export export` for this catalog into `folder`.
    public func arguments(into folder: URL) -> [String] {
      ["export", input.path, "--format", formats.joined(separator: ","), "--output", folder.path, "--name", name, "--quiet"]
        + options.flatMap { ["--option", $0] }
    }
  }

  /// The config file's name, looked for in the target's folder.
  public static let configName = "review-export.yml"
  /// Every name the config file may have; one folder may hold only one of them.
  public static let configNames = ["review-export.yml", "review-export.yaml"]

  /// The config file in `directory`, if there is one.
  public static func configFile(in directory: URL) throws -> URL? {
    let present = configNames.map { directory.appendingPathComponent($0) }.filter { FileManager.default.fileExists(atPath: $0.path) }
    if present.count > 1 {
      throw ConfigError(file: present[1].path, line: 1, message: "\(present[0].lastPathComponent) is beside it; keep one config file")
    }
    return present.first
  }
  /// Catalogs found without a config end with one of these.
  public static let catalogSuffixes = [".reviews.json", ".reviews.yaml", ".reviews.yml"]
  /// The formats the plugins write: every built-in format that is one file.
  public static let fileFormats = ["json", "xml", "yaml", "csv"]

  public var catalogs: [Catalog] = []
  /// The config file, when the target has one.
  public var config: URL?

  /// Plans the exports of a target whose folder is `directory` and whose files are `files`.
  public init(directory: URL, files: [URL], formatsOverride: [String] = [], optionsOverride: [String] = []) throws {
    var defaults = (formats: Self.fileFormats, options: [String]())
    var configured: [Catalog] = []
    if let configURL = try Self.configFile(in: directory) {
      config = configURL
      // The plugins export files into resources: the file formats only; 'output' does not apply.
      let file = try ExportConfig(file: configURL, allowedFormats: Self.fileFormats)
      defaults.formats = file.formats ?? defaults.formats
      defaults.options = file.options
      configured = file.catalogs.map { entry in
        Catalog(
          input: entry.input, name: entry.name ?? Self.defaultName(entry.input), formats: entry.formats ?? defaults.formats,
          options: defaults.options + entry.options)
      }
    }
    let listed = Set(configured.map(\.input.standardizedFileURL.path))
    let found = files.filter { file in Self.catalogSuffixes.contains { file.lastPathComponent.hasSuffix($0) } }
      .filter { !listed.contains($0.standardizedFileURL.path) }
      .sorted { $0.path < $1.path }
      .map { Catalog(input: $0, name: Self.defaultName($0), formats: defaults.formats, options: defaults.options) }
    catalogs = configured + found
    if !formatsOverride.isEmpty {
      let formats = formatsOverride.flatMap { $0.split(separator: ",").map(String.init) }
      for index in catalogs.indices { catalogs[index].formats = formats }
    }
    // Options set for every catalog, in the config or on the command line,
    // apply to the catalogs that export their format.
    for index in catalogs.indices {
      catalogs[index].options = Self.options(catalogs[index].options + optionsOverride, for: catalogs[index].formats)
    }
    var names: [String: URL] = [:]
    for catalog in catalogs {
      if let other = names[catalog.name] {
        throw ConfigError(
          file: config?.path ?? catalog.input.path, line: 1,
          message:
            "\(other.lastPathComponent) and \(catalog.input.lastPathComponent) would both export as '\(catalog.name)'; give one a different 'name' in review-export.yml"
        )
      }
      names[catalog.name] = catalog.input
    }
  }

  /// The options (`FORMAT.KEY=VALUE`) that are for one of `formats`.
  public static func options(_ options: [String], for formats: [String]) -> [String] {
    options.filter { option in formats.contains { option.hasPrefix($0 + ".") } }
  }

  /// `world-cinema.reviews.json` → `world-cinema`; `catalog.json` → `catalog`.
  public static func defaultName(_ input: URL) -> String {
    let file = input.lastPathComponent
    for suffix in catalogSuffixes where file.hasSuffix(suffix) { return String(file.dropLast(suffix.count)) }
    return input.deletingPathExtension().lastPathComponent
  }
}

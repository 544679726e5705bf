import Foundation

/// What to export from one target: each catalog, the formats and options,
/// and the name of its outputs. Worked out from the target's files and its
/// `review-export.yml`; shared by the build-tool and command plugins.
struct ExportPlan {
  /// One catalog to export.
  struct Catalog {
    var input: URL
    var name: String
    var formats: [String]
    var options: [String]

    /// The arguments of `review-export export` for this catalog into `folder`.
    func arguments(into folder: URL) -> [String] {
      ["export", input.path, "--format", formats.joined(separator: ","), "--output", folder.path, "--name", name, "--quiet"]
        + options.flatMap { ["--option", $0] }
    }
  }

  /// The config file's name, looked for in the target's folder.
  static let configName = "review-export.yml"
  /// Catalogs found without a config end with one of these.
  static let catalogSuffixes = [".reviews.json", ".reviews.yaml", ".reviews.yml"]
  /// The formats the plugins write: every built-in format that is one file.
  static let fileFormats = ["json", "xml", "yaml", "csv"]

  var catalogs: [Catalog] = []
  /// The config file, when the target has one.
  var config: URL?

  /// Plans the exports of a target whose folder is `directory` and whose files are `files`.
  init(directory: URL, files: [URL], formatsOverride: [String] = [], optionsOverride: [String] = []) throws {
    let configURL = directory.appendingPathComponent(Self.configName)
    var defaults = (formats: Self.fileFormats, options: [String]())
    var configured: [Catalog] = []
    if FileManager.default.fileExists(atPath: configURL.path) {
      config = configURL
      let text = try String(contentsOf: configURL, encoding: .utf8)
      let file = configURL.path
      let root = try ConfigParser.parse(text, file: file)
      let reader = ConfigReader(file: file)
      let top = try reader.map(root, allowed: ["formats", "options", "catalogs"], place: "the config")
      if let formats = top["formats"] { defaults.formats = try reader.formats(formats) }
      if let options = top["options"] { defaults.options = try reader.options(options) }
      if let list = top["catalogs"] {
        guard case .list(let items, _) = list else { throw reader.error(list.line, "'catalogs' must be a list") }
        for (index, item) in items.enumerated() {
          let place = "catalogs[\(index)]"
          let entry = try reader.map(item, allowed: ["input", "name", "formats", "options"], place: place)
          guard let inputNode = entry["input"] else { throw reader.error(item.line, "\(place) needs 'input', the catalog's path") }
          let path = try reader.string(inputNode)
          let input = directory.appendingPathComponent(path).standardizedFileURL
          guard FileManager.default.fileExists(atPath: input.path) else {
            throw reader.error(inputNode.line, "\(place).input: no file at \(path) (paths are relative to \(Self.configName))")
          }
          let formats = try entry["formats"].map(reader.formats) ?? defaults.formats
          configured.append(Catalog(
            input: input, name: try entry["name"].map(reader.string) ?? Self.defaultName(input), formats: formats,
            options: defaults.options + (try entry["options"].map(reader.options) ?? [])))
        }
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
    var names = Set<String>()
    for catalog in catalogs where !names.insert(catalog.name).inserted {
      throw ConfigError(file: config?.path ?? directory.path, line: 1, message: "two catalogs would both export as '\(catalog.name)'; give one a different 'name'")
    }
  }

  /// The options (`FORMAT.KEY=VALUE`) that are for one of `formats`.
  static func options(_ options: [String], for formats: [String]) -> [String] {
    options.filter { option in formats.contains { option.hasPrefix($0 + ".") } }
  }

  /// `world-cinema.reviews.json` → `world-cinema`; `catalog.json` → `catalog`.
  static func defaultName(_ input: URL) -> String {
    let file = input.lastPathComponent
    for suffix in catalogSuffixes where file.hasSuffix(suffix) { return String(file.dropLast(suffix.count)) }
    return input.deletingPathExtension().lastPathComponent
  }
}

/// Reads typed values out of the config, naming the file, line and key on errors.
struct ConfigReader {
  let file: String

  func error(_ line: Int, _ message: String) -> ConfigError { ConfigError(file: file, line: line, message: message) }

  func map(_ node: ConfigNode, allowed: [String], place: String) throws -> [String: ConfigNode] {
    guard case .map(let entries, _) = node else { throw error(node.line, "\(place) must be a mapping of keys to values") }
    var result: [String: ConfigNode] = [:]
    for entry in entries {
      guard allowed.contains(entry.key) else {
        throw error(entry.line, "unknown key '\(entry.key)' in \(place); allowed keys: \(allowed.joined(separator: ", "))")
      }
      result[entry.key] = entry.value
    }
    return result
  }

  func string(_ node: ConfigNode) throws -> String {
    guard case .scalar(let text, _) = node, !text.isEmpty else { throw error(node.line, "expected a text value") }
    return text
  }

  func formats(_ node: ConfigNode) throws -> [String] {
    let names: [String]
    switch node {
    case .scalar(let text, _): names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    case .list(let items, _): names = try items.map(string)
    case .map: throw error(node.line, "'formats' must be a list such as [json, xml]")
    }
    for name in names where !ExportPlan.fileFormats.contains(name) {
      throw error(node.line, "format '\(name)' cannot be exported by the plugin; use \(ExportPlan.fileFormats.joined(separator: ", "))")
    }
    guard !names.isEmpty else { throw error(node.line, "'formats' is empty") }
    return names
  }

  /// `FORMAT.KEY: value` pairs as `FORMAT.KEY=value`.
  func options(_ node: ConfigNode) throws -> [String] {
    guard case .map(let entries, _) = node else { throw error(node.line, "'options' must map FORMAT.KEY to a value, such as xml.indent: 4") }
    return try entries.map { entry in
      guard entry.key.contains(".") else { throw error(entry.line, "option '\(entry.key)' must be written FORMAT.KEY, such as xml.indent") }
      return "\(entry.key)=\(try string(entry.value))"
    }
  }
}

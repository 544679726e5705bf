import Foundation

/// The contents of a `review-export.yml`: formats, options, an output
/// folder, and catalogs with their own formats, options and names. Read by
/// the command-line tool and by the SwiftPM plugins, with the same keys.
public struct ExportConfig {
  /// One catalog the config lists.
  public struct Entry {
    /// The catalog file, resolved against the config's folder.
    public var input: URL
    /// The name its outputs share, if the config gives one.
    public var name: String?
    /// Its formats, if the config gives them for it.
    public var formats: [String]?
    /// Its options, as `FORMAT.KEY=VALUE`.
    public var options: [String]
    /// The line of `formats`, for messages.
    public var formatsLine: Int? = nil
    /// The line of each option, for messages.
    public var optionLines: [Int] = []
  }

  /// The keys of the file's top level.
  public static let keys = ["formats", "options", "output", "catalogs"]
  /// The keys of each item of `catalogs`.
  public static let catalogKeys = ["input", "name", "formats", "options"]

  /// The file it came from.
  public var file: URL
  /// Formats for every catalog.
  public var formats: [String]?
  /// `FORMAT.KEY=VALUE` options for every catalog.
  public var options: [String] = []
  /// The line of `formats`, for messages.
  public var formatsLine: Int?
  /// The line of each option, for messages.
  public var optionLines: [Int] = []
  /// The output folder, relative to the file.
  public var output: String?
  /// The catalogs it lists.
  public var catalogs: [Entry] = []

  /// Reads a config; `allowedFormats` limits the format names (nil: any).
  public init(file: URL, allowedFormats: [String]?) throws {
    self.file = file
    let path = file.path
    let text: String
    do {
      text = try String(contentsOf: file, encoding: .utf8)
    } catch {
      throw ConfigError(file: path, line: 1, message: "cannot be read as UTF-8 text")
    }
    let reader = ConfigReader(file: path, allowedFormats: allowedFormats)
    let top = try reader.map(try ConfigParser.parse(text, file: path), allowed: Self.keys, place: "the config")
    formats = try top["formats"].map(reader.formats)
    formatsLine = top["formats"]?.line
    options = try top["options"].map(reader.options) ?? []
    optionLines = top["options"].map(ConfigReader.entryLines) ?? []
    output = try top["output"].map(reader.string)
    let folder = file.deletingLastPathComponent()
    if let list = top["catalogs"] {
      guard case .list(let items, _) = list else { throw reader.error(list.line, "'catalogs' must be a list") }
      for (index, item) in items.enumerated() {
        let place = "catalogs[\(index)]"
        let entry = try reader.map(item, allowed: Self.catalogKeys, place: place)
        guard let inputNode = entry["input"] else { throw reader.error(item.line, "\(place) needs 'input', the catalog's path") }
        let input = try reader.string(inputNode)
        let url = ((input as NSString).isAbsolutePath ? URL(fileURLWithPath: input) : folder.appendingPathComponent(input))
          .standardizedFileURL
        guard FileManager.default.fileExists(atPath: url.path) else {
          throw reader.error(inputNode.line, "\(place).input: no file at \(input) (paths are relative to \(file.lastPathComponent))")
        }
        catalogs.append(
          Entry(
            input: url, name: try entry["name"].map(reader.outputName), formats: try entry["formats"].map(reader.formats),
            options: try entry["options"].map(reader.options) ?? [], formatsLine: entry["formats"]?.line,
            optionLines: entry["options"].map(ConfigReader.entryLines) ?? []))
      }
    }
  }
}

/// Reads typed values out of the config, naming the file, line and key on errors.
struct ConfigReader {
  let file: String
  /// The format names accepted; nil accepts any.
  var allowedFormats: [String]?

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

  /// A name for a catalog's outputs: a plain file name, as `--name` requires.
  func outputName(_ node: ConfigNode) throws -> String {
    let name = try string(node)
    guard !name.contains("/"), name != ".", name != "..", !name.hasPrefix("."), !name.contains("\0") else {
      throw error(node.line, "name '\(name)' must be a file name without '/' that does not start with '.'; the outputs go in the output folder")
    }
    return name
  }

  func formats(_ node: ConfigNode) throws -> [String] {
    let names: [String]
    switch node {
    case .scalar(let text, _): names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    case .list(let items, _): names = try items.map(string)
    case .map: throw error(node.line, "'formats' must be a list such as [json, xml]")
    }
    if let allowedFormats {
      for name in names where !allowedFormats.contains(name) {
        throw error(node.line, "format '\(name)' cannot be exported here; use \(allowedFormats.joined(separator: ", "))")
      }
    }
    guard !names.isEmpty else { throw error(node.line, "'formats' is empty") }
    return names
  }

  /// The line of each entry of a mapping.
  static func entryLines(_ node: ConfigNode) -> [Int] {
    guard case .map(let entries, _) = node else { return [] }
    return entries.map(\.line)
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

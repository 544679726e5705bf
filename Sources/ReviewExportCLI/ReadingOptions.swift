import ArgumentParser
import ReviewCatalog
import ReviewExporting
import YAMLFormat

/// How catalogs are read: the limits that protect against hostile input.
struct ReadingOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "How many times its own size (at least 1 MiB) a YAML catalog may grow by expanding its aliases.",
      valueName: "factor"))
  var maxAliasExpansion: Int = 10

  func validate() throws {
    guard maxAliasExpansion >= 1 else { throw ValidationError("--max-alias-expansion must be 1 or more") }
  }

  /// `registry` with its YAML reader set to these limits.
  func applied(to registry: FormatRegistry) -> FormatRegistry {
    var registry = registry
    // Only the built-in reader: a tool's own YAML reader keeps its settings.
    if registry.reader(named: "yaml") is YAMLReader {
      registry.register(YAMLReader(expansionFactor: maxAliasExpansion))
    }
    return registry
  }
}

extension ToolContext {
  /// Refuses an `--input-format` no reader has, as a usage error with a
  /// suggestion, and standard input without one.
  static func checkInputFormat(_ name: String?, input: String?) throws {
    let readers = registry.readers.map(\.formatName)
    if let name {
      guard readers.contains(name.lowercased()) else {
        let suggestion = ObjectShape.nearest(to: name, among: readers).map { "did you mean '\($0)'? " } ?? ""
        throw ValidationError(
          "--input-format \(ScalarRules.quoted(name)): no such readable format; \(suggestion)readable formats: \(readers.joined(separator: ", "))")
      }
    } else if input == "-" {
      throw ValidationError("reading standard input needs --input-format (one of \(readers.joined(separator: ", ")))")
    }
  }
}

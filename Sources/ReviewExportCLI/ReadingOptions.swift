import ArgumentParser
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

import Foundation
import JSONFormat
import TestSupport
import Testing

/// The JSON Schema made from the catalog's shape, checked by an independent
/// validator (Python's jsonschema): every valid fixture passes, and exactly
/// the invalid fixtures whose rule a schema can say are refused.
@Suite(.enabled(if: Python.canImport("jsonschema"), "python3's jsonschema is missing: the JSON Schema was not checked"))
struct JSONSchemaTests {
  /// The invalid fixtures a schema cannot refuse: the rule is between
  /// values (unique ids, references) or lost in parsing (duplicate keys).
  static let onlyTheToolRefuses: Set<String> = ["duplicate-id.json", "duplicate-key.json", "unknown-reference.json"]
  /// Not JSON at all.
  static let notJSON: Set<String> = ["syntax-error.json", "trailing-content.json", "unterminated.json"]

  static let script = #"""
    import glob, json, os, sys
    import jsonschema
    schema = json.loads(sys.argv[1])
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for folder in sys.argv[2:]:
        for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
            try:
                with open(path, encoding="utf-8") as f:
                    document = json.load(f)
            except ValueError:
                print("notjson", os.path.basename(path))
                continue
            errors = list(validator.iter_errors(document))
            print("refused" if errors else "accepted", os.path.basename(path))
    """#

  @Test func validFixturesPassAndInvalidOnesAreRefusedWhereASchemaCanSay() throws {
    let (status, output) = try Python.run(
      Self.script, arguments: [JSONSchemaText.text, Fixtures.url("catalogs").path, Fixtures.url("invalid").path])
    #expect(status == 0, "\(output)")
    var results: [String: String] = [:]
    for line in output.split(separator: "\n") {
      let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
      if parts.count == 2 { results[parts[1]] = parts[0] }
    }
    for name in ["world-cinema.json", "hostile-strings.json", "extreme-numbers.json"] {
      #expect(results[name] == "accepted", "\(name): \(output)")
    }
    let invalid = try Fixtures.names(in: "invalid", withExtension: "json").map { $0 + ".json" }
    #expect(invalid.count > 10)
    for name in invalid {
      let expected = Self.notJSON.contains(name) ? "notjson" : Self.onlyTheToolRefuses.contains(name) ? "accepted" : "refused"
      #expect(results[name] == expected, "\(name): \(output)")
    }
  }
}

import Foundation
import TestSupport
import Testing

@testable import ReviewExportCLI
import ReviewExportConfig

/// review-export.yml: read by the command line (and the plugins), and its published JSON Schema.
@Suite struct ConfigFileTests {
  static func schema() throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.root.appendingPathComponent("docs/review-export.schema.json"))) as! [String: Any]
  }

  @Test func theSchemaHasExactlyTheKeysTheCodeAccepts() throws {
    let schema = try Self.schema()
    let properties = schema["properties"] as! [String: Any]
    #expect(Set(properties.keys) == Set(ExportConfig.keys))
    let catalogs = properties["catalogs"] as! [String: Any]
    let item = catalogs["items"] as! [String: Any]
    #expect(Set((item["properties"] as! [String: Any]).keys) == Set(ExportConfig.catalogKeys))
    #expect(schema["additionalProperties"] as? Bool == false)
    #expect(item["additionalProperties"] as? Bool == false)
  }

  @Test(
    .enabled(
      if: Python.canImport("jsonschema") && Python.canImport("yaml"), "python3 with jsonschema and PyYAML is not installed: the schema check did not run"),
    arguments: ["Fixtures/config/review-export.yml", "Fixtures/PluginConsumer/Sources/CatalogViewer/review-export.yml"])
  func theFixtureConfigsValidateAgainstTheSchema(_ path: String) throws {
    let script = """
      import json, sys, yaml, jsonschema
      schema = json.load(open(sys.argv[1]))
      jsonschema.validate(yaml.safe_load(open(sys.argv[2])), schema)
      try:
          jsonschema.validate({"formats": ["json"], "colour": "red"}, schema)
          print("an unknown key passed")
      except jsonschema.ValidationError:
          print("valid")
      """
    let result = try Python.run(
      script, arguments: [Fixtures.root.appendingPathComponent("docs/review-export.schema.json").path, Fixtures.root.appendingPathComponent(path).path])
    #expect(result.output == "valid\n", "\(result.output)")
  }

  @Test func withNoCatalogTheConfigsCatalogsAreExported() throws {
    let folder = try Fixtures.temporaryFolder()
    let outcome = try ToolRunner.run(["export", "--config", "Fixtures/config/review-export.yml", "--output", folder.path, "-q"])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        == ["world-cinema-from-yaml.md", "world-cinema-from-yaml.yaml", "world-cinema.json", "world-cinema.xml"])
    let xml = try String(contentsOf: folder.appendingPathComponent("world-cinema.xml"), encoding: .utf8)
    #expect(xml.contains("\n    <catalog id=\"world-cinema\">"))
    let yaml = try String(contentsOf: folder.appendingPathComponent("world-cinema-from-yaml.yaml"), encoding: .utf8)
    #expect(yaml.hasPrefix("---\nformatVersion: 1\n"))
  }

  @Test func flagsOverrideTheConfig() throws {
    let folder = try Fixtures.temporaryFolder()
    let outcome = try ToolRunner.run([
      "export", "Fixtures/catalogs/world-cinema.json", "--config", "Fixtures/config/review-export.yml",
      "--format", "xml", "-O", "xml.indent=0", "--output", folder.path, "-q",
    ])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["world-cinema.xml"])
    let xml = try String(contentsOf: folder.appendingPathComponent("world-cinema.xml"), encoding: .utf8)
    #expect(xml.contains("><catalog id=\"world-cinema\">"))  // the flag's indent of 0, not the config's 4
  }

  @Test func theConfigInTheCurrentFolderIsFoundAndItsErrorsNameTheLineAndKey() throws {
    let folder = try Fixtures.temporaryFolder()
    try FileManager.default.copyItem(at: Fixtures.url("catalogs/world-cinema.json"), to: folder.appendingPathComponent("c.json"))
    try Data("formats: [json]\noutput: out\ncatalogs:\n  - input: c.json\n".utf8).write(to: folder.appendingPathComponent("review-export.yml"))
    let found = try ToolRunner.run(["export", "-q"], in: folder)
    #expect(found.status == 0, "\(found.stderr)")
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/c.json").path))
    try Data("formats: [json]\ncatalogs:\n  - input: c.json\n    colour: red\n".utf8).write(to: folder.appendingPathComponent("review-export.yml"))
    let wrong = try ToolRunner.run(["export"], in: folder)
    #expect(wrong.status == 1)
    #expect(wrong.stderr.hasSuffix("review-export.yml:4: error: unknown key 'colour' in catalogs[0]; allowed keys: input, name, formats, options\n"))
    let missing = try ToolRunner.run(["export"], in: try Fixtures.temporaryFolder())
    #expect(missing.status == 64)
    #expect(missing.stderr.contains("give a catalog to export, or list catalogs in a review-export.yml"))
  }
}

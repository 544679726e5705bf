import Foundation
import TestSupport
import Testing

/// Template formats from the command line.
@Suite struct TemplateCommandLineTests {
  static let fixture = "Fixtures/catalogs/world-cinema.json"

  @Test func builtInTemplateFormatsExport() throws {
    for (format, ext) in [("markdown", "md"), ("html", "html")] {
      let outcome = try ToolRunner.run(["export", Self.fixture, "-f", format, "--stdout"])
      #expect(outcome.status == 0)
      #expect(outcome.stdoutBytes == (try Fixtures.bytes("golden/world-cinema.\(ext)")))
    }
  }

  @Test func aTemplateFileExportsWithItsOwnExtension() throws {
    let folder = try Fixtures.temporaryFolder()
    let outcome = try ToolRunner.run(["export", Self.fixture, "--template", "Fixtures/templates/digest/digest.txt.mustache", "-o", folder.path, "-q"])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["world-cinema.txt"])
    let text = try String(contentsOf: folder.appendingPathComponent("world-cinema.txt"), encoding: .utf8)
    #expect(text.hasPrefix("World Cinema Reviews\n* Moving the planet, and the family on it (Staff Critic on The Wandering Earth) 3.5/5\n"))
  }

  @Test func templateFoldersAreFoundByPathAndVariable() throws {
    let listed = try ToolRunner.run(["formats", "--template-path", "Fixtures/templates"])
    #expect(listed.stdout.contains("press-kit  (.html, text/html)\n  A press kit page: headlines and quotes."))
    let viaVariable = try ToolRunner.run(
      ["export", Self.fixture, "-f", "press-kit", "--stdout"], environment: ["REVIEW_EXPORT_TEMPLATE_PATH": Fixtures.url("templates").path])
    #expect(viaVariable.status == 0)
    #expect(viaVariable.stdout.contains("<h2>Moving the planet, and the family on it</h2>"))
  }

  @Test func templateErrorsAreReportedWithFileAndLine() throws {
    let broken = try ToolRunner.run(["export", Self.fixture, "--template", "Fixtures/templates/broken/unclosed.md.mustache", "--stdout"])
    #expect(broken.status == 1)
    #expect(broken.stderr == "review-export: error: Fixtures/templates/broken/unclosed.md.mustache:5:1: error: a section is never closed with {{/…}}\n")
    let strict = try ToolRunner.run(["export", Self.fixture, "--template", "Fixtures/templates/typo/typo.md.mustache", "-O", "typo.strict=true", "--stdout"])
    #expect(strict.status == 1)
    #expect(strict.stderr.contains("Fixtures/templates/typo/typo.md.mustache:4: error: 'headlin' names nothing in the template view"))
  }

  @Test func theTemplateCommandPrintsABuiltInTemplate() throws {
    let outcome = try ToolRunner.run(["template", "markdown"])
    #expect(outcome.status == 0)
    #expect(outcome.stdout.hasPrefix("# {{catalog.title}}\n"))
    #expect(try ToolRunner.run(["template", "latex"]).status == 64)
  }

  @Test func aTemplateOnlySwiftMustacheRendersIsRenderedWithANote() throws {
    let folder = try Fixtures.temporaryFolder()
    let template = folder.appendingPathComponent("titles.txt.mustache")
    try "{{=<% %>=}}<%#works%><%title%>\n<%/works%>".write(to: template, atomically: true, encoding: .utf8)
    let output = folder.appendingPathComponent("out")
    let outcome = try ToolRunner.run(["export", Self.fixture, "--template", template.path, "-o", output.path])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(
      outcome.stderr.contains(
        "titles: the template uses set delimiters, which only swift-mustache renders: the whole catalog is held in memory to render it"))
    let text = try String(contentsOf: output.appendingPathComponent("world-cinema.txt"), encoding: .utf8)
    #expect(text == "The Wandering Earth\nThe Wandering Earth\nWolf Warrior 2\n2001: A Space Odyssey\n")
  }

  @Test func aStreamedPageLeavesNoScratchFileBehind() throws {
    // Every format, the pages among them: they keep their reviews and the
    // page's JSON-LD in scratch files until the last review has come.
    let folder = try Fixtures.temporaryFolder()
    let outcome = try ToolRunner.run(["export", Self.fixture, "-f", "markdown,html", "-o", folder.path, "-q"])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["world-cinema.html", "world-cinema.md"])
    #expect(try Data(contentsOf: folder.appendingPathComponent("world-cinema.html")) == Data(try Fixtures.bytes("golden/world-cinema.html")))
    #expect(try Data(contentsOf: folder.appendingPathComponent("world-cinema.md")) == Data(try Fixtures.bytes("golden/world-cinema.md")))
  }
}

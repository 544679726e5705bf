import Foundation
import Mustache
import ReviewCatalog
import ReviewExporting
@testable import TemplateFormat
import TestSupport
import Testing

/// The tool's own renderer against swift-mustache, on the same view: the
/// same bytes for every template either has, the built-in ones, the
/// fixtures' and thousands of random ones made of the tags, names and line
/// breaks whose rules differ (standalone lines, indented partials, `\r\n`,
/// list places, the context stack).
@Suite struct TemplateRendererTests {
  /// The view of a fixture catalog, as the exporter makes it.
  static func view(_ catalog: Catalog) -> TemplateView {
    let names = TemplateNames()
    catalog.people.forEach(names.add)
    catalog.works.forEach(names.add)
    var reviewsByWork: [String: [Int]] = [:]
    for (index, review) in catalog.reviews.enumerated() { reviewsByWork[review.work, default: []].append(index) }
    return TemplateView(
      formatVersion: catalog.formatVersion, info: catalog.info, people: catalog.people, works: HeldItems(catalog.works),
      reviews: HeldItems(catalog.reviews), reviewsByWork: reviewsByWork, names: names, generator: "review-export")
  }

  /// What each renderer makes of `templates` (`main` rendered), or `nil`
  /// for ours when it leaves the template to swift-mustache.
  static func both(
    _ templates: [String: String], main: String, escaping: TemplateExporter.Escaping, view: TemplateView, parallel: Bool = false
  ) throws -> (ours: String?, theirs: String) {
    let exporter = try TemplateExporter(
      name: "t", fileExtension: "txt", mediaType: "text/plain", summary: "", escaping: escaping, main: main,
      templates: templates.mapValues { TemplateExporter.TemplateSource(file: "t", text: $0) })
    let library = try exporter.compile()
    let theirs = try #require(library.render(MustacheObject(object: view), withTemplate: main))
    guard case .success(let program) = exporter.program() else { return (nil, theirs) }
    let sink = ByteSink.memory()
    var renderer = TemplateRenderer(program: program, escaping: escaping, sink: sink, parallel: parallel)
    try renderer.render(main, with: .object(view))
    return (String(decoding: sink.bytes, as: UTF8.self), theirs)
  }

  static let catalogs = ["catalogs/world-cinema.json", "catalogs/hostile-strings.json"]

  @Test(arguments: catalogs)
  func theBuiltInTemplatesRenderAsSwiftMustacheRendersThem(_ path: String) throws {
    let view = Self.view(try TemplateTests.load(path))
    for (name, escaping) in [("markdown", TemplateExporter.Escaping.markdown), ("html", .html)] {
      let text = try #require(TemplateExporter.builtInTemplate(named: name))
      for parallel in [false, true] {
        let (ours, theirs) = try Self.both([name: text], main: name, escaping: escaping, view: view, parallel: parallel)
        #expect(ours == theirs, "\(name), parallel: \(parallel)")
      }
    }
  }

  @Test func theFixtureTemplatesRenderAsSwiftMustacheRendersThem() throws {
    let view = Self.view(try TemplateTests.load("catalogs/world-cinema.json"))
    for folder in ["templates/digest", "templates/folder-format"] {
      let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.url(folder).path).filter { $0.hasSuffix(".mustache") }
      var templates: [String: String] = [:]
      for file in files {
        let base = String(file.dropLast(".mustache".count))
        let text = try String(contentsOf: Fixtures.url("\(folder)/\(file)"), encoding: .utf8)
        templates[base] = text
        templates[(base as NSString).deletingPathExtension] = text
      }
      for main in files.map({ String($0.dropLast(".mustache".count)) }) {
        let (ours, theirs) = try Self.both(templates, main: main, escaping: .html, view: view)
        #expect(ours != nil, "\(folder)/\(main) is rendered by the tool's renderer")
        #expect(ours == theirs, "\(folder)/\(main)")
      }
    }
  }

  @Test(arguments: [
    // Standalone lines, inline sections, whitespace before tags.
    "{{#works}}\n  {{title}}\n{{/works}}\n", "  {{#works}}  \n{{title}};{{/works}} x\n", "a {{#works}}{{title}}{{/works}} b\n",
    "{{#works}}\r\n{{title}}\r\n{{/works}}\r\n", "\t{{! a comment }}\n{{catalog.title}}", "{{! inline }} x\n  {{! x }}  y\n",
    // Names: dotted, climbing, leading dot, the object in hand, unknown.
    "{{#works}}{{#reviews}}{{title}}|{{.title}}|{{catalog.title}}|{{counts.reviews}}{{/reviews}}{{/works}}",
    "{{#reviews}}{{#rating}}{{text}} {{headline}}{{/rating}}{{/reviews}}", "{{#reviews}}{{#summary}}[{{.}}]{{/summary}}{{/reviews}}",
    "{{nothing}}{{#nothing}}x{{/nothing}}{{^nothing}}y{{/nothing}}", "{{ catalog.title }}{{{catalog.title}}}{{&catalog.title}}",
    // Flags and places in lists.
    "{{#works}}{{index()}}{{#first()}}F{{/first()}}{{^last()}},{{/last()}}{{#even()}}e{{/even()}}{{#odd()}}o{{/odd()}}{{/works}}",
    "{{#reviews}}{{hasTags}} {{#hasTags}}{{^last()}}-{{/last()}}{{#tags}}{{tag}}{{^last()}}/{{/last()}}{{/tags}}{{/hasTags}}{{/reviews}}",
    "{{first()}}{{#first()}}no{{/first()}}{{^first()}}yes{{/first()}}{{#index()}}{{.}}{{/index()}}",
    "{{^works}}none{{/works}}{{#people}}{{^nativeName}}{{name}};{{/nativeName}}{{/people}}",
    // Partials, indented when they stand alone.
    "{{#works}}\n  {{> item}}\n{{/works}}", "{{#works}}  {{> item}} after\n{{/works}}", "  {{>item}}\n\t{{> missing }}\n",
    // A review of several lines in an indented partial: each line indented.
    "{{#works}}\n  {{> lines}}\n{{/works}}", "{{#works}}\n{{> lines}}\n{{/works}}",
  ])
  func tagsRenderAsSwiftMustacheRendersThem(_ template: String) throws {
    let item = "- {{title}}\n  {{#reviews}}\n  * {{headline}}\n  {{/reviews}}\n"
    let lines = "{{#reviews}}\n* {{headline}}\n  by {{criticName}}\n{{/reviews}}\n"
    for path in Self.catalogs {
      let view = Self.view(try TemplateTests.load(path))
      for escaping in [TemplateExporter.Escaping.html, .markdown, .none] {
        let (ours, theirs) = try Self.both(["main": template, "item": item, "lines": lines], main: "main", escaping: escaping, view: view)
        #expect(ours == theirs, "\(template.debugDescription) \(escaping) \(path)")
      }
    }
  }

  /// Random templates from pieces whose rules interact; each is rendered
  /// by both (those swift-mustache cannot parse are skipped).
  @Test func randomTemplatesRenderAsSwiftMustacheRendersThem() throws {
    let views = try Self.catalogs.map { Self.view(try TemplateTests.load($0)) }
    // Names of texts, flags and places: swift-mustache inserts a list or an
    // object as its Swift description (a dump of the view's internals),
    // where the tool's renderer inserts nothing; the template view
    // documents only texts as values.
    let names = [
      "title", "headline", "tag", "hasTags", "text", "summary", "catalog.title", "counts.reviews", "first()", "last()", "index()",
      "nothing", ".id", "personName", "even()",
    ]
    // A lone `{` tests text that looks like a tag's start; no lone `}`, which
    // with two `{` makes `{{}}`: the object in hand inserted as a value.
    let texts = ["a", " ", "  ", "\t", "\n", "\r\n", "\r", "\n\n", "é", "<&>", "{"]
    var generator = SystemRandomNumberGenerator()
    func piece(_ depth: Int) -> String {
      switch Int.random(in: 0..<10, using: &generator) {
      case 0...3: return texts.randomElement(using: &generator)!
      case 4: return "{{\(names.randomElement(using: &generator)!)}}"
      case 5: return "{{{\(names.randomElement(using: &generator)!)}}}"
      case 6: return "{{! c }}"
      case 7: return depth < 3 ? "{{> part}}" : "x"
      default:
        guard depth < 3 else { return "y" }
        let name = ["works", "reviews", "tags", "hasTags", "rating", "summary", "first()", "last()", "nothing"].randomElement(using: &generator)!
        let sigil = Bool.random(using: &generator) ? "#" : "^"
        let body = (0..<Int.random(in: 0...4, using: &generator)).map { _ in piece(depth + 1) }.joined()
        return "{{\(sigil)\(name)}}\(body){{/\(name)}}"
      }
    }
    var compared = 0
    for _ in 0..<3000 {
      let main = (0..<Int.random(in: 1...8, using: &generator)).map { _ in piece(0) }.joined()
      // The partial names no partial, so that nothing includes itself.
      let part = (0..<Int.random(in: 0...4, using: &generator)).map { _ in piece(3) }.joined().replacingOccurrences(of: "{{> part}}", with: "")
      let escaping = [TemplateExporter.Escaping.html, .markdown, .none].randomElement(using: &generator)!
      let view = views.randomElement(using: &generator)!
      guard let (ours, theirs) = try? Self.both(["main": main, "part": part], main: "main", escaping: escaping, view: view) else { continue }
      compared += 1
      #expect(ours == theirs, "\(main.debugDescription) with part \(part.debugDescription)")
    }
    #expect(compared > 2000)
  }

  @Test(arguments: [
    ("{{=<% %>=}}<%catalog.title%>", "set delimiters"), ("{{<parent}}{{/parent}}", "template inheritance"),
    ("{{uppercased(catalog.title)}}", "the transform uppercased(catalog.title)"), ("{{>*dynamic}}", "a dynamic partial"),
  ])
  func whatTheRendererDoesNotDoIsLeftToSwiftMustache(_ template: String, _ feature: String) throws {
    let view = Self.view(try TemplateTests.load("catalogs/world-cinema.json"))
    let exporter = try TemplateExporter(
      name: "t", fileExtension: "txt", mediaType: "text/plain", summary: "", escaping: .none, main: "main",
      templates: ["main": .init(file: "t", text: template), "parent": .init(file: "p", text: "P")])
    guard case .failure(let unsupported) = exporter.program() else {
      Issue.record("\(template) is rendered by the tool's renderer")
      return
    }
    #expect(unsupported.feature == feature)
    // The exporter still renders it, through swift-mustache.
    let (_, theirs) = try Self.both(["main": template, "parent": "P"], main: "main", escaping: .none, view: view)
    let output = ExportDestination(sink: .memory(), options: try exporter.format.resolveOptions([:]))
    try exporter.export(try TemplateTests.load("catalogs/world-cinema.json"), to: output)
    #expect(String(decoding: output.sink.bytes, as: UTF8.self) == theirs)
  }

  @Test func longListsRenderedInPartsSideBySideGiveTheSameBytes() throws {
    // 300 works of 1 to 3 reviews each, and 600 reviews at the top.
    var catalog = try TemplateTests.load("catalogs/hostile-strings.json")
    let works = catalog.works
    let reviews = catalog.reviews
    catalog.works = (0..<300).map { index in
      var work = works[index % works.count]
      work.id += "-\(index)"
      return work
    }
    catalog.reviews = (0..<600).map { index in
      var review = reviews[index % reviews.count]
      review.id += "-\(index)"
      review.work = catalog.works[(index * 7) % 300].id
      return review
    }
    let view = Self.view(catalog)
    let flat = "{{#reviews}}{{index()}}{{#first()}}^{{/first()}}{{headline}}{{^last()}},{{/last()}}\n{{/reviews}}"
    for (name, text, escaping) in [
      ("markdown", TemplateExporter.builtInTemplate(named: "markdown")!, TemplateExporter.Escaping.markdown),
      ("html", TemplateExporter.builtInTemplate(named: "html")!, .html), ("flat", flat, .none),
    ] {
      let (sequential, theirs) = try Self.both([name: text], main: name, escaping: escaping, view: view, parallel: false)
      let (parallel, _) = try Self.both([name: text], main: name, escaping: escaping, view: view, parallel: true)
      #expect(sequential == theirs, "\(name)")
      #expect(parallel == theirs, "\(name) in parts")
    }
  }

  /// A long list of tags whose element `failing` cannot be read back (as a
  /// damaged scratch file would), counting the elements it has made.
  final class FailingList: TemplateList, TemplateObject, @unchecked Sendable {
    let count: Int
    let failing: Int
    private let lock = NSLock()
    private(set) var made = 0
    init(count: Int, failing: Int) {
      self.count = count
      self.failing = failing
    }

    func element(at index: Int) throws -> TemplateValue {
      lock.withLock { made += 1 }
      if index == failing { throw ExportError("element \(index) is damaged") }
      return .object(TextItem(key: .tag, text: "t\(index)"))
    }

    func value(_ key: TemplateKey) -> TemplateValue? { key == .tags ? .list(self) : nil }
  }

  @Test func anErrorInAPartRenderedAsideIsThrownAndNothingAfterItIsWritten() throws {
    let exporter = try TemplateExporter(
      name: "t", fileExtension: "txt", mediaType: "text/plain", summary: "", escaping: .none, main: "main",
      templates: ["main": .init(file: "main", text: "{{#tags}}{{tag}};{{/tags}}")])
    guard case .success(let program) = exporter.program() else {
      Issue.record("the renderer should take this template")
      return
    }
    for parallel in [false, true] {
      let list = FailingList(count: 2_000, failing: 700)
      let sink = ByteSink.memory()
      var renderer = TemplateRenderer(program: program, escaping: .none, sink: sink, parallel: parallel)
      #expect(throws: ExportError("element 700 is damaged")) { try renderer.render("main", with: .object(list)) }
      // Only whole elements before the failing one reach the sink, in order.
      let written = String(decoding: sink.bytes, as: UTF8.self)
      #expect(written == (0..<written.split(separator: ";").count).map { "t\($0);" }.joined())
      #expect(written.split(separator: ";").count <= 700)
      // Every part started was waited for: none is still reading the list.
      let made = list.made
      Thread.sleep(forTimeInterval: 0.05)
      #expect(list.made == made)
    }
  }

  @Test func aPartialThatIncludesItselfIsAnErrorNotACrash() throws {
    let exporter = try TemplateExporter(
      name: "t", fileExtension: "txt", mediaType: "text/plain", summary: "", escaping: .none, main: "main",
      templates: ["main": .init(file: "main", text: "{{> loop}}"), "loop": .init(file: "loop", text: "x{{> loop}}")])
    let output = ExportDestination(sink: .memory(), options: try exporter.format.resolveOptions([:]))
    #expect {
      try exporter.export(try TemplateTests.load("catalogs/world-cinema.json"), to: output)
    } throws: { error in
      "\(error)" == "the partial 'loop' includes itself, or partials nest more than 100 deep"
    }
  }

  @Test func aStreamedPageIsTheSameAsOneFromACatalogInMemory() throws {
    let catalog = try TemplateTests.load("catalogs/hostile-strings.json")
    for exporter in [try TemplateExporter.markdown(), try TemplateTests.htmlWithStructuredData()] {
      let inMemory = try Render.bytes(exporter, catalog)
      let output = ExportDestination(sink: .memory(), options: try exporter.format.resolveOptions([:]))
      var writer = try exporter.begin(Catalog(formatVersion: catalog.formatVersion, info: catalog.info), to: output)
      for item in catalog.people.map(CatalogItem.person) + catalog.works.map(CatalogItem.work) + catalog.reviews.map(CatalogItem.review) {
        try writer.write(item)
      }
      try writer.finish()
      #expect(output.sink.bytes == inMemory, "\(exporter.format.name)")
      #expect(output.warnings.isEmpty)
    }
  }

  @Test(arguments: ["catalogs/hostile-strings.json", "catalogs/world-cinema.json", "catalogs/extreme-numbers.json"])
  func aSpillGivesBackEveryReviewAndWorkAsItWas(_ path: String) throws {
    let catalog = try TemplateTests.load(path)
    let folder = try Fixtures.temporaryFolder()
    let reviewPath = folder.appendingPathComponent("reviews").path
    let reviewSpill = try Spill<Review>(path: reviewPath)
    #expect(!FileManager.default.fileExists(atPath: reviewPath), "the file is removed as soon as it is open")
    let reviews = catalog.reviews + catalog.reviews.reversed()
    for review in reviews { try reviewSpill.append(review) }
    try reviewSpill.finishWriting()
    #expect(reviewSpill.count == reviews.count)
    for index in (0..<reviews.count).reversed() { #expect(try reviewSpill.item(at: index) == reviews[index]) }
    let workSpill = try Spill<Work>(path: folder.appendingPathComponent("works").path)
    for work in catalog.works { try workSpill.append(work) }
    try workSpill.finishWriting()
    for index in (0..<catalog.works.count).reversed() { #expect(try workSpill.item(at: index) == catalog.works[index]) }
  }
}

import Mustache
import ReviewCatalog
import ReviewExporting

/// Takes a template export's parts as they come and renders the page when
/// the last has come (see ``TemplateExporter``).
struct TemplateCatalogWriter: CatalogWriter {
  private let parts: TemplateExporter.Parts
  private let output: ExportDestination
  private let header: Catalog
  private var people: [Person] = []
  private let names = TemplateNames()
  /// The works and reviews, kept in scratch files (`nil`: held below).
  private let workSpill: Spill<Work>?
  private let reviewSpill: Spill<Review>?
  private var heldWorks: [Work] = []
  private var heldReviews: [Review] = []
  private var count = 0
  private var reviewsByWork: [String: [Int]] = [:]
  private let embedded: EmbeddedScript?
  private var embeddedWriter: (any CatalogWriter)?

  /// - Parameter holdsReviews: Whether to hold the works and reviews in
  ///   memory (they are anyway, or only swift-mustache can render the
  ///   template) rather than keep them in scratch files.
  init(exporter: TemplateExporter, header: Catalog, output: ExportDestination, holdsReviews: Bool) throws {
    parts = try exporter.parts(for: output)
    self.output = output
    self.header = header
    if case .failure(let unsupported) = parts.program, !holdsReviews {
      output.warn("the template uses \(unsupported.feature), which only swift-mustache renders: the whole catalog is held in memory to render it")
    }
    let holds = holdsReviews || (try? parts.program.get()) == nil
    workSpill = holds ? nil : try Spill(path: output.makeScratchPath(named: "works"))
    reviewSpill = holds ? nil : try Spill(path: output.makeScratchPath(named: "reviews"))
    if let structuredData = parts.structuredData {
      // An exporter that can write script-safe text is asked to (the page
      // copies it as it is); any other's output is escaped as it is copied.
      let scriptSafe = structuredData.format.options.contains { $0.name == EmbeddedScript.scriptSafeOption && $0.kind == .boolean }
      let embedded = try EmbeddedScript(path: output.makeScratchPath(named: "structured-data"), isScriptSafe: scriptSafe)
      self.embedded = embedded
      let options = try structuredData.format.resolveOptions(scriptSafe ? [EmbeddedScript.scriptSafeOption: "true"] : [:])
      let destination = ExportDestination(sink: embedded.file.sink, options: options)
      embeddedWriter = try structuredData.begin(header, to: destination)
    } else {
      embedded = nil
    }
  }

  mutating func write(_ person: Person) throws {
    names.add(person)
    people.append(person)
    try embeddedWriter?.write(person)
  }

  mutating func write(_ work: Work) throws {
    names.add(work)
    if let workSpill { try workSpill.append(work) } else { heldWorks.append(work) }
    try embeddedWriter?.write(work)
  }

  mutating func write(_ review: Review) throws {
    reviewsByWork[review.work, default: []].append(count)
    count += 1
    if let reviewSpill { try reviewSpill.append(review) } else { heldReviews.append(review) }
    try embeddedWriter?.write(review)
  }

  mutating func finish() throws {
    try embeddedWriter?.finish()
    try embedded?.file.finishWriting()
    let works: any ItemStore<Work>
    let reviews: any ItemStore<Review>
    if let workSpill, let reviewSpill {
      try workSpill.finishWriting()
      try reviewSpill.finishWriting()
      (works, reviews) = (workSpill, reviewSpill)
    } else {
      (works, reviews) = (HeldItems(heldWorks), HeldItems(heldReviews))
    }
    let view = TemplateView(
      formatVersion: header.formatVersion, info: header.info, people: people, works: works, reviews: reviews,
      reviewsByWork: reviewsByWork, names: names, generator: "review-export")
    view.structuredData = embedded
    switch parts.program {
    case .success(let program):
      var renderer = TemplateRenderer(program: program, escaping: parts.escaping, sink: output.sink, parallel: ExportJob.writesInChunks)
      try renderer.render(parts.main, with: .object(view))
    case .failure:
      guard let text = parts.library?.render(MustacheObject(object: view), withTemplate: parts.main) else {
        throw ExportError("the template '\(parts.main)' is missing")
      }
      try output.sink.write(text)
    }
  }
}

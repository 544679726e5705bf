import Foundation
import Mustache
import ReviewCatalog
import ReviewExporting

/// Exports a catalog through a Mustache template.
///
/// The template sees the catalog through a documented view (every field,
/// plus derived values such as a work's director names and a review's
/// rating as "3.5/5"; see docs/templates.md). Escaping follows the output:
/// HTML-escaped for HTML and XML templates, Markdown-escaped for Markdown,
/// none for text.
///
/// A template streams: the people are held, and every name and title (a
/// page shows them for references); the works and reviews are kept in
/// scratch files as they come (``Spill``: a page lists each work's reviews
/// inside it, and they come after every work), and
/// the page is rendered at the end by ``TemplateRenderer``, which writes as
/// it goes. A template that uses what that renderer does not do (set
/// delimiters, inheritance, dynamic partials, transforms other than
/// `first()`, `last()`, `index()`, `even()`, `odd()`) is rendered by
/// swift-mustache from the catalog held in memory, with a note.
public struct TemplateExporter: StreamingExporter {
  /// How values are escaped as they are inserted.
  public enum Escaping: String, Sendable {
    /// `<`, `>`, `&`, `"` and `'` become entities, and code points HTML
    /// forbids (NUL, most control characters, noncharacters) become U+FFFD.
    case html
    /// Values become literal Markdown text: markup characters escaped, line
    /// breaks folded (see docs/templates.md).
    case markdown
    /// Values are inserted as they are.
    case none
  }

  /// The format: its name, output extension, description and the `strict` option.
  public let format: FormatDescriptor
  /// How values are escaped.
  public let escaping: Escaping
  private let main: String
  /// Each template's file (for messages) and text (for the strict check), by name.
  private let sources: [String: TemplateSource]
  /// Makes the page's structured data (JSON-LD), given to the templates as
  /// `structuredData`, made safe for a `<script>` element.
  private let structuredData: (any StreamingExporter)?

  struct TemplateSource: Sendable {
    var file: String
    var text: String
  }

  /// A template format from template texts: `main` names the one to render;
  /// the others are its partials. `file` names are used in messages. The
  /// templates are parsed when used (``compile()``).
  init(
    name: String, fileExtension: String, mediaType: String, summary: String, escaping: Escaping,
    main: String, templates: [String: TemplateSource], structuredData: (any StreamingExporter)? = nil
  ) throws {
    var options = [
      OptionDescriptor(
        name: "strict", kind: .boolean, defaultValue: .boolean(false),
        help: "Fail on a template tag that names nothing in the template view (catches typos).")
    ]
    if structuredData != nil {
      options.append(
        OptionDescriptor(
          name: "structured-data", kind: .boolean, defaultValue: .boolean(true),
          help: "Embed the catalog's schema.org JSON-LD in the page, for search engines' rich results."))
    }
    self.format = FormatDescriptor(
      name: name, fileExtension: fileExtension, mediaType: mediaType, summary: summary, options: options)
    self.structuredData = structuredData
    self.escaping = escaping
    self.main = main
    self.sources = templates
  }

  /// The pragma that sets the escaping, put before every template's text
  /// (on its first line, so line numbers stay the file's).
  var pragma: String {
    let contentType =
      switch escaping {
      case .none: "TEXT"
      case .html: HTMLEscaping.name
      case .markdown: MarkdownEscaping.name
      }
    return "{{% CONTENT_TYPE: \(contentType) }}"
  }

  /// Parses the templates; a syntax error names its file, line and column.
  func compile() throws -> MustacheLibrary {
    var library = MustacheLibrary()
    _ = HTMLEscaping.registered
    _ = MarkdownEscaping.registered
    for (templateName, source) in sources {
      let text = pragma + source.text
      do {
        library.register(try MustacheTemplate(string: text), named: templateName)
      } catch let error as MustacheTemplate.ParserError {
        throw ExportError("\(source.file):\(error.context.lineNumber):\(error.context.columnNumber): error: \(Self.describe(error.error))")
      }
    }
    return library
  }

  /// `value` as literal Markdown text, as the `markdown` escaping inserts
  /// values (see docs/templates.md).
  public static func markdownEscaped(_ value: String) -> String {
    MarkdownEscaping.escape(value)
  }

  /// The templates compiled for ``TemplateRenderer``, or what it does not do.
  func program() -> Result<TemplateProgram, TemplateProgram.Unsupported> {
    Result { () throws(TemplateProgram.Unsupported) in try TemplateProgram(sources.mapValues { pragma + $0.text }, pragma: pragma) }
  }

  /// Starts a streamed export: the templates are checked now, the page is
  /// rendered when the last review has come.
  public func begin(_ catalog: Catalog, to output: ExportDestination) throws -> any CatalogWriter {
    try TemplateCatalogWriter(exporter: self, header: catalog, output: output, holdsReviews: false)
  }

  /// Renders a catalog in memory: the same writer, holding the reviews it
  /// is given instead of keeping them in a scratch file.
  public func export(_ catalog: Catalog, to output: ExportDestination) throws {
    var writer = try TemplateCatalogWriter(
      exporter: self, header: Catalog(formatVersion: catalog.formatVersion, info: catalog.info), output: output, holdsReviews: true)
    try writer.writeParts(of: catalog, to: output)
  }

  /// What ``TemplateCatalogWriter`` needs of the exporter.
  struct Parts {
    var main: String
    var escaping: Escaping
    /// The templates parsed by swift-mustache, when its renderer is the one
    /// to use (`program` failed); `nil` otherwise.
    var library: MustacheLibrary?
    var program: Result<TemplateProgram, TemplateProgram.Unsupported>
    var structuredData: (any StreamingExporter)?
  }

  /// Checks and compiles the templates for one export.
  ///
  /// swift-mustache parses them only when its renderer is needed: their
  /// syntax was checked when they were loaded (``load(file:)`` and
  /// ``load(folder:)`` compile them; the built-in ones are the tests' own),
  /// and its parse of the built-in `html` template alone was 24M
  /// instructions, about 7 ms, of every `html` export.
  func parts(for output: ExportDestination) throws -> Parts {
    if output.options.boolean("strict") { try TemplateStrictCheck.check(sources) }
    let embedsData = structuredData != nil && output.options.boolean("structured-data")
    let program = program()
    let library = (try? program.get()) == nil ? try compile() : nil
    return Parts(main: main, escaping: escaping, library: library, program: program, structuredData: embedsData ? structuredData : nil)
  }

  private static func describe(_ error: any Error) -> String {
    switch error {
    case MustacheTemplate.Error.sectionCloseNameIncorrect: "a section is closed with another section's name"
    case MustacheTemplate.Error.unfinishedName: "a tag is not closed with }}"
    case MustacheTemplate.Error.expectedSectionEnd: "a section is never closed with {{/…}}"
    case MustacheTemplate.Error.invalidSetDelimiter: "invalid set-delimiter tag"
    case MustacheTemplate.Error.invalidConfigVariableSyntax, MustacheTemplate.Error.unrecognisedConfigVariable:
      "invalid pragma {{% … }}"
    default: "\(error)"
    }
  }
}

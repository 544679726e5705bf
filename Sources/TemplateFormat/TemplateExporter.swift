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
public struct TemplateExporter: Exporter {
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
  /// Makes the page's structured data (JSON-LD, ready to go inside a
  /// `<script>` element), given to the templates as `structuredData`.
  private let structuredData: (@Sendable (Catalog) throws -> String)?

  struct TemplateSource: Sendable {
    var file: String
    var text: String
  }

  /// A template format from template texts: `main` names the one to render;
  /// the others are its partials. `file` names are used in messages. The
  /// templates are parsed when used (``compile()``).
  init(
    name: String, fileExtension: String, mediaType: String, summary: String, escaping: Escaping,
    main: String, templates: [String: TemplateSource], structuredData: (@Sendable (Catalog) throws -> String)? = nil
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

  /// Parses the templates; a syntax error names its file, line and column.
  func compile() throws -> MustacheLibrary {
    var library = MustacheLibrary()
    _ = HTMLEscaping.registered
    _ = MarkdownEscaping.registered
    for (templateName, source) in sources {
      // The pragma goes on the first line, so line numbers stay the file's.
      let contentType =
        switch escaping {
        case .none: "TEXT"
        case .html: HTMLEscaping.name
        case .markdown: MarkdownEscaping.name
        }
      let text = "{{% CONTENT_TYPE: \(contentType) }}" + source.text
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

  /// Renders the catalog.
  public func export(_ catalog: Catalog, to output: ExportDestination) throws {
    if output.options.boolean("strict") { try TemplateStrictCheck.check(sources) }
    let library = try compile()
    var view = TemplateView.make(catalog, generator: "review-export")
    if let structuredData, output.options.boolean("structured-data") { view["structuredData"] = try structuredData(catalog) }
    guard let text = library.render(view, withTemplate: main) else {
      throw ExportError("the template '\(main)' is missing")
    }
    try output.sink.write(text)
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

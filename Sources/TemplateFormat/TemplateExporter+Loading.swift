import ReviewCatalog
import Foundation
import ReviewExporting

extension TemplateExporter {
  /// The built-in `markdown` format: a readable review digest.
  public static func markdown() throws -> TemplateExporter {
    try TemplateExporter(
      name: "markdown", fileExtension: "md", mediaType: "text/markdown",
      summary: "A review digest in Markdown: each work with its credits, box office and reviews (from a built-in template).",
      escaping: .markdown, main: "markdown", templates: ["markdown": TemplateSource(file: "<built-in markdown template>", text: BuiltInTemplates.markdown)])
  }

  /// The built-in `html` format: one self-contained page; with
  /// `structuredData`, the page embeds what that exporter writes (the
  /// catalog's JSON-LD) in a `<script type="application/ld+json">` element,
  /// made safe for it (no text can end the element), unless
  /// `html.structured-data=false`. The exporter is run with its default
  /// options, alongside the page, part by part.
  public static func html(structuredData: (any StreamingExporter)? = nil) throws -> TemplateExporter {
    try TemplateExporter(
      name: "html", fileExtension: "html", mediaType: "text/html",
      summary: "One self-contained HTML5 page of the catalog, styled, no external assets (from a built-in template).",
      escaping: .html, main: "html", templates: ["html": TemplateSource(file: "<built-in html template>", text: BuiltInTemplates.html)],
      structuredData: structuredData)
  }

  /// The text of a built-in template, by format name, for users to start from.
  public static func builtInTemplate(named name: String) -> String? {
    switch name {
    case "markdown": BuiltInTemplates.markdown
    case "html": BuiltInTemplates.html
    default: nil
    }
  }

  /// A format from one template file named `<name>.<extension>.mustache`.
  ///
  /// The output's extension is `<extension>`; the format's name is `<name>`.
  /// Every other `.mustache` file in the same folder is a partial, usable as
  /// `{{> file-name}}` (with or without its inner extension).
  public static func load(file path: String) throws -> TemplateExporter {
    let url = URL(fileURLWithPath: path)
    let fileName = url.lastPathComponent
    guard fileName.hasSuffix(".mustache") else {
      throw ExportError("\(path): a template's file name ends in .mustache, such as digest.html.mustache")
    }
    let base = String(fileName.dropLast(".mustache".count))
    let fileExtension = (base as NSString).pathExtension
    let name = (base as NSString).deletingPathExtension
    guard !fileExtension.isEmpty, !name.isEmpty else {
      throw ExportError("\(path): name the template <name>.<output extension>.mustache, such as digest.html.mustache")
    }
    var templates = try partials(in: url.deletingLastPathComponent(), except: fileName)
    templates[base] = TemplateSource(file: path, text: try read(path))
    let exporter = try TemplateExporter(
      name: name, fileExtension: fileExtension, mediaType: mediaType(fileExtension),
      summary: "The template \(path).", escaping: escaping(fileExtension), main: base, templates: templates)
    _ = try exporter.compile()  // report syntax errors now, before anything is read
    return exporter
  }

  /// The name of the manifest that makes a folder a template format.
  public static let manifestName = "template.json"

  /// A format from a folder holding a `template.json` manifest:
  /// `{"name": …, "extension": …, "description": …, "escaping": "html"|"markdown"|"none", "template": "main.mustache"}`.
  /// Every `.mustache` file in the folder is available as a partial.
  public static func load(folder path: String) throws -> TemplateExporter {
    let folder = URL(fileURLWithPath: path)
    let manifestPath = folder.appendingPathComponent(manifestName).path
    struct Manifest: Decodable {
      var name: String
      var `extension`: String
      var description: String
      var escaping: String?
      var mediaType: String?
      var template: String?
    }
    let manifest: Manifest
    do {
      manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: manifestPath)))
    } catch DecodingError.keyNotFound(let key, _) {
      throw ExportError("\(manifestPath): needs \"\(key.stringValue)\"")
    } catch {
      throw ExportError("\(manifestPath): not a manifest: a JSON object with name, extension, description, and optionally escaping, mediaType and template")
    }
    let escaping: Escaping
    switch manifest.escaping {
    case nil: escaping = Self.escaping(manifest.extension)
    case let value?:
      guard let known = Escaping(rawValue: value) else { throw ExportError("\(manifestPath): \"escaping\" is html, markdown or none, not '\(value)'") }
      escaping = known
    }
    let mainFile = manifest.template ?? "main.mustache"
    let templates = try partials(in: folder, except: nil)
    let main = String(mainFile.dropLast(mainFile.hasSuffix(".mustache") ? ".mustache".count : 0))
    guard templates[main] != nil else {
      throw ExportError("\(manifestPath): the template \(mainFile) is not in \(path)")
    }
    let exporter = try TemplateExporter(
      name: manifest.name, fileExtension: manifest.extension, mediaType: manifest.mediaType ?? mediaType(manifest.extension),
      summary: manifest.description, escaping: escaping, main: main, templates: templates)
    _ = try exporter.compile()  // report syntax errors now, before anything is read
    return exporter
  }

  /// Every template folder (one holding a manifest) directly inside the folders of `searchPath`.
  public static func discover(in searchPath: [String]) -> (formats: [TemplateExporter], problems: [String]) {
    var formats: [TemplateExporter] = []
    var problems: [String] = []
    for root in searchPath {
      let candidates =
        [root] + ((try? FileManager.default.contentsOfDirectory(atPath: root).sorted()) ?? []).map { (root as NSString).appendingPathComponent($0) }
      for folder in candidates where FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(manifestName)) {
        do {
          formats.append(try load(folder: folder))
        } catch {
          problems.append("\(error)")
        }
      }
    }
    return (formats, problems)
  }

  private static func partials(in folder: URL, except: String?) throws -> [String: TemplateSource] {
    var templates: [String: TemplateSource] = [:]
    let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    for file in files.sorted() where file.hasSuffix(".mustache") && file != except {
      let path = folder.appendingPathComponent(file).path
      let base = String(file.dropLast(".mustache".count))
      let source = TemplateSource(file: path, text: try read(path))
      templates[base] = source
      let short = (base as NSString).deletingPathExtension
      if short != base && templates[short] == nil { templates[short] = source }
    }
    return templates
  }

  private static func read(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else { throw ExportError("\(path): cannot be read") }
    guard let text = String(data: data, encoding: .utf8) else { throw ExportError("\(path): is not UTF-8 text") }
    return text
  }

  static func escaping(_ fileExtension: String) -> Escaping {
    let lowercased = fileExtension.lowercased()
    if ["html", "htm", "xhtml", "xml", "svg"].contains(lowercased) { return .html }
    if ["md", "markdown"].contains(lowercased) { return .markdown }
    return .none
  }

  static func mediaType(_ fileExtension: String) -> String {
    switch fileExtension.lowercased() {
    case "html", "htm": "text/html"
    case "md", "markdown": "text/markdown"
    case "txt": "text/plain"
    case "xml": "application/xml"
    case "csv": "text/csv"
    case "json": "application/json"
    case "ics": "text/calendar"
    default: "application/octet-stream"
    }
  }
}

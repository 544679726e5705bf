import Foundation
import ReviewExporting

/// Checks that every tag of a template names something in the template view.
enum TemplateStrictCheck {
  /// Every key the view has, at any level, and Mustache's implicit `.`.
  static let knownNames: Set<String> = [
    "structuredData",
    ".", "formatVersion", "generator", "catalog", "id", "title", "description", "language", "updated", "people", "name",
    "nativeName", "works", "kind", "originalTitle", "year", "releaseDate", "runtimeMinutes", "languages", "countries",
    "country", "genres", "genre", "genreList", "hasGenres", "credits", "person", "personName", "role", "character",
    "hasCredits", "directors", "directorNames", "hasDirectors", "basedOn", "boxOffice", "territory", "amount",
    "currency", "amountText", "asOf", "hasBoxOffice", "rankings", "list", "rank", "hasRankings", "availability",
    "platform", "region", "from", "hasAvailability", "reviews", "hasReviews", "work", "workTitle", "critic",
    "criticName", "publication", "published", "headline", "summary", "rating", "value", "scale", "text", "percent",
    "body", "paragraphs", "tags", "tag", "hasTags", "mentions", "hasMentions", "quotes", "speaker", "speakerName",
    "context", "hasQuotes", "sources", "url", "hasSources", "counts", "first", "last", "index", "even", "odd",
  ]

  static func check(_ sources: [String: TemplateExporter.TemplateSource]) throws {
    for (_, source) in sources.sorted(by: { $0.key < $1.key }) {
      var line = 1
      var rest = Substring(source.text)
      while let open = rest.range(of: "{{") {
        line += rest[..<open.lowerBound].filter { $0 == "\n" }.count
        guard let close = rest[open.upperBound...].range(of: "}}") else { break }
        var tag = rest[open.upperBound..<close.lowerBound]
        rest = rest[close.upperBound...]
        if tag.hasPrefix("{") { tag = tag.dropFirst() }
        guard let sigil = tag.first else { continue }
        // Comments, partials, pragmas, blocks and parents name no value.
        if "!>%$<=".contains(sigil) { continue }
        if "#^/&".contains(sigil) { tag = tag.dropFirst() }
        var name = tag.trimmingCharacters(in: .whitespaces)
        // A transform: `uppercased(name)`.
        if let paren = name.firstIndex(of: "("), name.hasSuffix(")") {
          name = String(name[name.index(after: paren)..<name.index(before: name.endIndex)])
        }
        for component in name.split(separator: ".") where !knownNames.contains(String(component)) {
          throw ExportError("\(source.file):\(line): error: '\(name)' names nothing in the template view (see docs/templates.md); check its spelling")
        }
      }
    }
  }
}

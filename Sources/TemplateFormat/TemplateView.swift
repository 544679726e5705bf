import Foundation
import ReviewCatalog

/// The catalog as templates see it: every field of the model under its own
/// name, plus derived values that templates commonly need. This view is a
/// stable, documented contract (docs/templates.md).
///
/// Absent optional values are absent, so `{{#summary}}…{{/summary}}` renders
/// only when there is a summary; empty texts are left out the same way.
/// Every list also comes with a `has…` flag.
enum TemplateView {
  static func make(_ catalog: Catalog, generator: String) -> [String: Any] {
    let people = Dictionary(catalog.people.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    let works = Dictionary(catalog.works.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    func name(_ id: String) -> String { people[id]?.name ?? id }
    func title(_ id: String) -> String { works[id]?.title ?? id }

    func reviewView(_ review: Review) -> [String: Any] {
      var view: [String: Any] = [
        "id": review.id, "work": review.work, "workTitle": title(review.work), "critic": review.critic,
        "criticName": name(review.critic), "published": review.published, "headline": review.headline,
        "body": review.body, "paragraphs": paragraphs(review.body).map { ["text": $0] },
        "tags": review.tags.map { ["tag": $0] }, "hasTags": !review.tags.isEmpty,
        "mentions": review.mentions.map { ["id": $0, "title": title($0)] }, "hasMentions": !review.mentions.isEmpty,
        "quotes": review.quotes.map { quote -> [String: Any] in
          compact(["text": quote.text, "speaker": quote.speaker, "speakerName": name(quote.speaker), "context": nonEmpty(quote.context)])
        },
        "hasQuotes": !review.quotes.isEmpty,
        "sources": review.sources.map { compact(["name": $0.name, "url": nonEmpty($0.url)]) }, "hasSources": !review.sources.isEmpty,
      ]
      view["publication"] = nonEmpty(review.publication)
      view["summary"] = nonEmpty(review.summary)
      if let rating = review.rating {
        // Whole values print without ".0", where Int64 holds them exactly
        // (9.2e18 and above keep Swift's shortest form).
        let value = Int64(exactly: rating.value).map(String.init) ?? rating.value.description
        view["rating"] = [
          "value": value, "scale": String(rating.scale), "text": "\(value)/\(rating.scale)",
          "percent": String(Int((rating.value / Double(rating.scale) * 100).rounded())),
        ]
      }
      return view
    }

    let reviewsByWork = Dictionary(grouping: catalog.reviews, by: \.work)
    var view: [String: Any] = [
      "formatVersion": String(catalog.formatVersion),
      "generator": generator,
      "catalog": compact([
        "id": catalog.info.id, "title": catalog.info.title, "description": nonEmpty(catalog.info.description),
        "language": catalog.info.language, "updated": catalog.info.updated,
      ]).merging(["paragraphs": paragraphs(catalog.info.description ?? "").map { ["text": $0] }]) { $1 },
      "people": catalog.people.map { compact(["id": $0.id, "name": $0.name, "nativeName": nonEmpty($0.nativeName)]) },
      "reviews": catalog.reviews.map(reviewView),
      "counts": ["people": String(catalog.people.count), "works": String(catalog.works.count), "reviews": String(catalog.reviews.count)],
    ]
    view["works"] = catalog.works.map { work -> [String: Any] in
      let directors = work.credits.filter { $0.role == "director" }.map { name($0.person) }
      let reviews = (reviewsByWork[work.id] ?? []).map(reviewView)
      var entry: [String: Any] = [
        "id": work.id, "kind": work.kind, "title": work.title,
        "languages": work.languages.map { ["language": $0] }, "countries": work.countries.map { ["country": $0] },
        "genres": work.genres.map { ["genre": $0] }, "hasGenres": !work.genres.isEmpty,
        "genreList": work.genres.joined(separator: ", "),
        "credits": work.credits.map { credit -> [String: Any] in
          compact(["person": credit.person, "personName": name(credit.person), "role": credit.role, "character": nonEmpty(credit.character)])
        },
        "hasCredits": !work.credits.isEmpty,
        "directors": directors.map { ["name": $0] }, "directorNames": directors.joined(separator: ", "),
        "hasDirectors": !directors.isEmpty,
        "boxOffice": work.boxOffice.map { entry -> [String: Any] in
          compact([
            "territory": entry.territory, "amount": String(entry.gross.amount), "currency": entry.gross.currency,
            "amountText": grouped(entry.gross.amount) + " " + entry.gross.currency, "asOf": entry.asOf,
          ])
        },
        "hasBoxOffice": !work.boxOffice.isEmpty,
        "rankings": work.rankings.map { compact(["list": $0.list, "rank": String($0.rank), "asOf": $0.asOf]) },
        "hasRankings": !work.rankings.isEmpty,
        "availability": work.availability.map { compact(["platform": $0.platform, "region": $0.region, "from": $0.from]) },
        "hasAvailability": !work.availability.isEmpty,
        "reviews": reviews, "hasReviews": !reviews.isEmpty,
      ]
      entry["originalTitle"] = nonEmpty(work.originalTitle)
      entry["year"] = work.year.map { String($0) }
      entry["releaseDate"] = work.releaseDate
      entry["runtimeMinutes"] = work.runtimeMinutes.map { String($0) }
      if let basedOn = work.basedOn { entry["basedOn"] = ["id": basedOn, "title": title(basedOn)] }
      return entry
    }
    return view
  }

  /// The paragraphs of a text: separated by blank lines, each trimmed.
  ///
  /// Line breaks are CRLF, CR or LF; a paragraph ends at each `\n\n`
  /// (from the left, so a third line break begins the next paragraph, and
  /// is trimmed with it). Byte by byte: this runs for every review, and
  /// Foundation's bridged `replacingOccurrences` and `components` made it
  /// 70% of a Markdown export.
  static func paragraphs(_ text: String) -> [String] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    var previousWasCR = false
    for byte in text.utf8 {
      if byte == 0x0A && previousWasCR {
        previousWasCR = false
        continue
      }
      previousWasCR = byte == 0x0D
      bytes.append(byte == 0x0D ? 0x0A : byte)
    }
    var result: [String] = []
    var start = 0
    var index = 0
    func take(_ end: Int) {
      let trimmed = Self.trimmed(String(decoding: bytes[start..<end], as: UTF8.self))
      if !trimmed.isEmpty { result.append(trimmed) }
    }
    while index < bytes.count {
      if bytes[index] == 0x0A && index + 1 < bytes.count && bytes[index + 1] == 0x0A {
        take(index)
        index += 2
        start = index
      } else {
        index += 1
      }
    }
    take(bytes.count)
    return result
  }

  /// `text` without the white space and line breaks at either end (as
  /// Foundation's `.whitespacesAndNewlines` counts them).
  static func trimmed(_ text: String) -> String {
    let scalars = text.unicodeScalars
    guard let first = scalars.firstIndex(where: { !CharacterSet.whitespacesAndNewlines.contains($0) }) else { return "" }
    let last = scalars.lastIndex(where: { !CharacterSet.whitespacesAndNewlines.contains($0) })!
    return String(scalars[first...last])
  }

  /// 693000000 as `693,000,000`.
  static func grouped(_ value: Int64) -> String {
    let digits = String(value.magnitude)
    var result = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { result += "," }
      result.append(digit)
    }
    return value < 0 ? "-" + result : result
  }

  private static func nonEmpty(_ text: String?) -> String? {
    guard let text, !text.isEmpty else { return nil }
    return text
  }

  /// A dictionary without its absent values.
  private static func compact(_ values: [String: String?]) -> [String: Any] {
    values.compactMapValues { $0 }
  }
}

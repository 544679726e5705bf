import Foundation
import ReviewCatalog

/// The catalog as templates see it: every field of the model under its own
/// name, plus derived values that templates commonly need. This view is a
/// stable, documented contract (docs/templates.md).
///
/// Absent optional values are absent, so `{{#summary}}…{{/summary}}` renders
/// only when there is a summary; empty texts are left out the same way.
/// Every list also comes with a `has…` flag.
///
/// The view is made as it is rendered: an element of a list becomes an
/// object when the template reaches it, so a catalog whose reviews are not
/// held (``ReviewStore``) is rendered with one review in memory at a time.
struct TemplateView: TemplateObject {
  var formatVersion: Int64
  var info: CatalogInfo
  var people: [Person]
  var works: [Work]
  var reviews: any ReviewStore
  /// The places in `reviews` of each work's reviews, by work id.
  var reviewsByWork: [String: [Int]]
  var names: TemplateNames
  var generator: String
  var structuredData: EmbeddedScript? = nil

  func value(_ key: TemplateKey) -> TemplateValue? {
    switch key {
    case .formatVersion: .text(String(formatVersion))
    case .generator: .text(generator)
    case .structuredData: structuredData.map { .embedded($0) }
    case .catalog: .object(InfoView(info: info))
    case .counts: .object(CountsView(people: people.count, works: works.count, reviews: reviews.count))
    case .people: .list(MappedList(elements: people) { .object(PersonView(person: $0)) })
    case .works:
      .list(
        MappedList(elements: works) { [reviews, reviewsByWork, names] work in
          .object(WorkView(work: work, reviews: ReviewList(store: reviews, places: reviewsByWork[work.id] ?? [], names: names), names: names))
        })
    case .reviews: .list(ReviewList(store: reviews, places: nil, names: names))
    default: nil
    }
  }
}

/// Names of people and titles of works by id: what the view shows for a
/// reference (the id itself when nothing has it; the first when two have it).
final class TemplateNames {
  private var people: [String: String] = [:]
  private var works: [String: String] = [:]

  func add(_ person: Person) {
    if people[person.id] == nil { people[person.id] = person.name }
  }

  func add(_ work: Work) {
    if works[work.id] == nil { works[work.id] = work.title }
  }

  func name(_ id: String) -> String { people[id] ?? id }
  func title(_ id: String) -> String { works[id] ?? id }
}

/// The reviews a view lists: held in memory, or kept apart (``ReviewSpill``)
/// and made again when they are rendered.
protocol ReviewStore: AnyObject {
  var count: Int { get }
  func review(at index: Int) throws -> Review
}

/// Reviews in memory.
final class HeldReviews: ReviewStore {
  let reviews: [Review]
  init(_ reviews: [Review]) { self.reviews = reviews }
  var count: Int { reviews.count }
  func review(at index: Int) -> Review { reviews[index] }
}

/// Some of a store's reviews (a work's: their places), or all of them (`nil`).
struct ReviewList: TemplateList {
  let store: any ReviewStore
  let places: [Int]?
  let names: TemplateNames

  var count: Int { places?.count ?? store.count }
  func element(at index: Int) throws -> TemplateValue {
    .object(ReviewView(review: try store.review(at: places?[index] ?? index), names: names))
  }
}

struct InfoView: TemplateObject {
  let info: CatalogInfo
  func value(_ key: TemplateKey) -> TemplateValue? {
    switch key {
    case .id: .text(info.id)
    case .title: .text(info.title)
    case .description: nonEmpty(info.description)
    case .language: info.language.map { .text($0) }
    case .updated: info.updated.map { .text($0) }
    case .paragraphs: .list(MappedList(texts: TemplateView.paragraphs(info.description ?? ""), as: .text))
    default: nil
    }
  }
}

struct CountsView: TemplateObject {
  let people: Int, works: Int, reviews: Int
  func value(_ key: TemplateKey) -> TemplateValue? {
    switch key {
    case .people: .text(String(people))
    case .works: .text(String(works))
    case .reviews: .text(String(reviews))
    default: nil
    }
  }
}

struct PersonView: TemplateObject {
  let person: Person
  func value(_ key: TemplateKey) -> TemplateValue? {
    switch key {
    case .id: .text(person.id)
    case .name: .text(person.name)
    case .nativeName: nonEmpty(person.nativeName)
    default: nil
    }
  }
}

struct WorkView: TemplateObject {
  let work: Work
  let reviews: ReviewList
  let names: TemplateNames

  func value(_ key: TemplateKey) -> TemplateValue? {
    switch key {
    case .id: .text(work.id)
    case .kind: .text(work.kind)
    case .title: .text(work.title)
    case .originalTitle: nonEmpty(work.originalTitle)
    case .year: work.year.map { .text(String($0)) }
    case .releaseDate: work.releaseDate.map { .text($0) }
    case .runtimeMinutes: work.runtimeMinutes.map { .text(String($0)) }
    case .languages: .list(MappedList(texts: work.languages, as: .language))
    case .countries: .list(MappedList(texts: work.countries, as: .country))
    case .genres: .list(MappedList(texts: work.genres, as: .genre))
    case .hasGenres: .flag(!work.genres.isEmpty)
    case .genreList: .text(work.genres.joined(separator: ", "))
    case .credits: .list(MappedList(elements: work.credits) { [names] in .object(CreditView(credit: $0, names: names)) })
    case .hasCredits: .flag(!work.credits.isEmpty)
    case .directors: .list(MappedList(texts: directors, as: .name))
    case .directorNames: .text(directors.joined(separator: ", "))
    case .hasDirectors: .flag(!directors.isEmpty)
    case .basedOn: work.basedOn.map { .object(ReferenceView(id: $0, title: names.title($0))) }
    case .boxOffice: .list(MappedList(elements: work.boxOffice) { .object(BoxOfficeView(entry: $0)) })
    case .hasBoxOffice: .flag(!work.boxOffice.isEmpty)
    case .rankings: .list(MappedList(elements: work.rankings) { .object(RankingView(ranking: $0)) })
    case .hasRankings: .flag(!work.rankings.isEmpty)
    case .availability: .list(MappedList(elements: work.availability) { .object(AvailabilityView(entry: $0)) })
    case .hasAvailability: .flag(!work.availability.isEmpty)
    case .reviews: .list(reviews)
    case .hasReviews: .flag(reviews.count > 0)
    default: nil
    }
  }

  private var directors: [String] { work.credits.filter { $0.role == "director" }.map { names.name($0.person) } }
}

struct CreditView: TemplateObject {
  let credit: Credit
  let names: TemplateNames
  func value(_ key: TemplateKey) -> TemplateValue? {
    switch key {
    case .person: .text(credit.person)
    case .personName: .text(names.name(credit.person))
    case .role: .text(credit.role)
    case .character: nonEmpty(credit.character)
    default: nil
    }
  }
}

/// A work referred to: `basedOn`, a review's `mentions`.
struct ReferenceView: TemplateObject {
  let id: String
  let title: String
  func value(_ key: TemplateKey) -> TemplateValue? {
    switch key {
    case .id: .text(id)
    case .title: .text(title)
    default: nil
    }
  }
}

struct BoxOfficeView: TemplateObject {
  let entry: BoxOffice
  func value(_ key: TemplateKey) -> TemplateValue? {
    switch key {
    case .territory: .text(entry.territory)
    case .amount: .text(String(entry.gross.amount))
    case .currency: .text(entry.gross.currency)
    case .amountText: .text(TemplateView.grouped(entry.gross.amount) + " " + entry.gross.currency)
    case .asOf: entry.asOf.map { .text($0) }
    default: nil
    }
  }
}

struct RankingView: TemplateObject {
  let ranking: Ranking
  func value(_ key: TemplateKey) -> TemplateValue? {
    switch key {
    case .list: .text(ranking.list)
    case .rank: .text(String(ranking.rank))
    case .asOf: ranking.asOf.map { .text($0) }
    default: nil
    }
  }
}

struct AvailabilityView: TemplateObject {
  let entry: Availability
  func value(_ key: TemplateKey) -> TemplateValue? {
    switch key {
    case .platform: .text(entry.platform)
    case .region: entry.region.map { .text($0) }
    case .from: entry.from.map { .text($0) }
    default: nil
    }
  }
}

struct ReviewView: TemplateObject {
  let review: Review
  let names: TemplateNames

  func value(_ key: TemplateKey) -> TemplateValue? {
    switch key {
    case .id: .text(review.id)
    case .work: .text(review.work)
    case .workTitle: .text(names.title(review.work))
    case .critic: .text(review.critic)
    case .criticName: .text(names.name(review.critic))
    case .publication: nonEmpty(review.publication)
    case .published: .text(review.published)
    case .headline: .text(review.headline)
    case .summary: nonEmpty(review.summary)
    case .rating: review.rating.map { .object(RatingView(rating: $0)) }
    case .body: .text(review.body)
    case .paragraphs: .list(MappedList(texts: TemplateView.paragraphs(review.body), as: .text))
    case .tags: .list(MappedList(texts: review.tags, as: .tag))
    case .hasTags: .flag(!review.tags.isEmpty)
    case .mentions: .list(MappedList(elements: review.mentions) { [names] in .object(ReferenceView(id: $0, title: names.title($0))) })
    case .hasMentions: .flag(!review.mentions.isEmpty)
    case .quotes: .list(MappedList(elements: review.quotes) { [names] in .object(QuoteView(quote: $0, names: names)) })
    case .hasQuotes: .flag(!review.quotes.isEmpty)
    case .sources: .list(MappedList(elements: review.sources) { .object(SourceView(source: $0)) })
    case .hasSources: .flag(!review.sources.isEmpty)
    default: nil
    }
  }
}

struct RatingView: TemplateObject {
  let rating: Rating
  func value(_ key: TemplateKey) -> TemplateValue? {
    // Whole values print without ".0", where Int64 holds them exactly
    // (9.2e18 and above keep Swift's shortest form).
    let text = Int64(exactly: rating.value).map(String.init) ?? rating.value.description
    return switch key {
    case .value: .text(text)
    case .scale: .text(String(rating.scale))
    case .text: .text("\(text)/\(rating.scale)")
    case .percent: .text(String(Int((rating.value / Double(rating.scale) * 100).rounded())))
    default: nil
    }
  }
}

struct QuoteView: TemplateObject {
  let quote: Quote
  let names: TemplateNames
  func value(_ key: TemplateKey) -> TemplateValue? {
    switch key {
    case .text: .text(quote.text)
    case .speaker: .text(quote.speaker)
    case .speakerName: .text(names.name(quote.speaker))
    case .context: nonEmpty(quote.context)
    default: nil
    }
  }
}

struct SourceView: TemplateObject {
  let source: Source
  func value(_ key: TemplateKey) -> TemplateValue? {
    switch key {
    case .name: .text(source.name)
    case .url: nonEmpty(source.url)
    default: nil
    }
  }
}

/// A text, unless it is absent or empty.
private func nonEmpty(_ text: String?) -> TemplateValue? {
  guard let text, !text.isEmpty else { return nil }
  return .text(text)
}

extension TemplateView {
  /// The paragraphs of a text: separated by blank lines, each trimmed.
  ///
  /// Line breaks are CRLF, CR or LF; a paragraph ends at each `\n\n`
  /// (from the left, so a third line break begins the next paragraph, and
  /// is trimmed with it). Byte by byte: this runs for every review, and
  /// Foundation's bridged `replacingOccurrences` and `components` made it
  /// 70% of a Markdown export.
  static func paragraphs(_ text: String) -> [String] {
    var text = text
    return text.withUTF8 { utf8 in
      guard utf8.contains(0x0D) else { return split(utf8) }
      var bytes: [UInt8] = []
      bytes.reserveCapacity(utf8.count)
      var previousWasCR = false
      for byte in utf8 {
        if byte == 0x0A && previousWasCR {
          previousWasCR = false
          continue
        }
        previousWasCR = byte == 0x0D
        bytes.append(byte == 0x0D ? 0x0A : byte)
      }
      return bytes.withUnsafeBufferPointer(split)
    }
  }

  /// The paragraphs of a text whose line breaks are all LF.
  private static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> [String] {
    var result: [String] = []
    var start = 0
    var index = 0
    func take(_ end: Int) {
      // ASCII white space trimmed here; a paragraph that starts or ends
      // with another character goes through `trimmed` (Unicode's spaces).
      var low = start
      var high = end
      while low < high && (bytes[low] == 0x20 || (0x09...0x0D).contains(bytes[low])) { low += 1 }
      while high > low && (bytes[high - 1] == 0x20 || (0x09...0x0D).contains(bytes[high - 1])) { high -= 1 }
      guard low < high else { return }
      let paragraph = String(decoding: UnsafeBufferPointer(rebasing: bytes[low..<high]), as: UTF8.self)
      if bytes[low] < 0x80 && bytes[high - 1] < 0x80 {
        result.append(paragraph)
      } else {
        let trimmed = Self.trimmed(paragraph)
        if !trimmed.isEmpty { result.append(trimmed) }
      }
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
}

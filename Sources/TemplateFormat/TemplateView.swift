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
/// held (``ItemStore``) is rendered with one review in memory at a time.
final class TemplateView: TemplateObject {
  var formatVersion: Int64
  var info: CatalogInfo
  var people: [Person]
  var works: any ItemStore<Work>
  var reviews: any ItemStore<Review>
  /// The places in `reviews` of each work's reviews, by work id.
  var reviewsByWork: [String: [Int]]
  var names: TemplateNames
  var generator: String
  var structuredData: EmbeddedScript? = nil
  init(
    formatVersion: Int64, info: CatalogInfo, people: [Person], works: any ItemStore<Work>, reviews: any ItemStore<Review>,
    reviewsByWork: [String: [Int]], names: TemplateNames, generator: String
  ) {
    self.formatVersion = formatVersion
    self.info = info
    self.people = people
    self.works = works
    self.reviews = reviews
    self.reviewsByWork = reviewsByWork
    self.names = names
    self.generator = generator
  }

  func value(_ key: TemplateKey) -> TemplateValue? {
    switch key {
    case .formatVersion: .text(String(formatVersion))
    case .generator: .text(generator)
    case .structuredData: structuredData.map { .embedded($0) }
    case .catalog: .object(InfoView(info: info))
    case .counts: .object(CountsView(people: people.count, works: works.count, reviews: reviews.count))
    case .people: .list(ViewList<PersonView>(elements: people, names: names))
    case .works: .list(WorkList(works: works, reviews: reviews, reviewsByWork: reviewsByWork, names: names))
    case .reviews: .list(ReviewList(store: reviews, places: nil, names: names))
    default: nil
    }
  }
}

/// The works, each with its reviews.
final class WorkList: TemplateList {
  let works: any ItemStore<Work>
  let reviews: any ItemStore<Review>
  let reviewsByWork: [String: [Int]]
  let names: TemplateNames
  init(works: any ItemStore<Work>, reviews: any ItemStore<Review>, reviewsByWork: [String: [Int]], names: TemplateNames) {
    self.works = works
    self.reviews = reviews
    self.reviewsByWork = reviewsByWork
    self.names = names
  }

  var count: Int { works.count }
  func element(at index: Int) throws -> TemplateValue {
    let work = try works.item(at: index)
    return .object(WorkView(work: work, reviews: ReviewList(store: reviews, places: reviewsByWork[work.id] ?? [], names: names), names: names))
  }
}

/// A text's paragraphs (``TemplateView/paragraphList(_:)``), each a
/// `{text: …}` object.
final class ParagraphList: TemplateList {
  enum Part {
    /// The bytes of the text from one place to the other.
    case range(Int32, Int32)
    case text(String)
  }
  init(text: String, parts: [Part]) {
    self.text = text
    self.parts = parts
  }

  let text: String
  let parts: [Part]

  var count: Int { parts.count }
  func element(at index: Int) -> TemplateValue {
    switch parts[index] {
    case .range(let start, let end): .object(PartItem(text: text, start: start, end: end))
    case .text(let text): .object(TextItem(key: .text, text: text))
    }
  }

  /// The paragraphs as texts.
  var texts: [String] {
    (0..<count).map { index in
      switch parts[index] {
      case .range(let start, let end): String(decoding: Array(text.utf8)[Int(start)..<Int(end)], as: UTF8.self)
      case .text(let text): text
      }
    }
  }
}

/// A paragraph that is a part of its text: `{text: …}`.
final class PartItem: TemplateObject {
  let text: String
  let start: Int32
  let end: Int32
  init(text: String, start: Int32, end: Int32) {
    self.text = text
    self.start = start
    self.end = end
  }

  func value(_ key: TemplateKey) -> TemplateValue? { key == .text ? .part(text, start, end) : nil }
}

/// Names of people and titles of works by id: what the view shows for a
/// reference (the id itself when nothing has it; the first when two have it).
final class TemplateNames {
  // Filled as the people and works come, then only read (by every thread
  // rendering a part of a page): run-time exclusivity checks off.
  @exclusivity(unchecked) private var people: [String: String] = [:]
  @exclusivity(unchecked) private var works: [String: String] = [:]

  func add(_ person: Person) {
    if people[person.id] == nil { people[person.id] = person.name }
  }

  func add(_ work: Work) {
    if works[work.id] == nil { works[work.id] = work.title }
  }

  func name(_ id: String) -> String { people[id] ?? id }
  func title(_ id: String) -> String { works[id] ?? id }
}

/// The reviews or works a view lists: held in memory, or kept apart
/// (``Spill``) and made again when they are rendered.
protocol ItemStore<Item>: AnyObject {
  associatedtype Item
  var count: Int { get }
  func item(at index: Int) throws -> Item
}

/// Items in memory.
final class HeldItems<Item>: ItemStore {
  let items: [Item]
  init(_ items: [Item]) { self.items = items }

  var count: Int { items.count }
  func item(at index: Int) -> Item { items[index] }
}

/// Some of a store's reviews (a work's: their places), or all of them (`nil`).
final class ReviewList: TemplateList {
  let store: any ItemStore<Review>
  let places: [Int]?
  let names: TemplateNames
  init(store: any ItemStore<Review>, places: [Int]?, names: TemplateNames) {
    self.store = store
    self.places = places
    self.names = names
  }

  var count: Int { places?.count ?? store.count }
  func element(at index: Int) throws -> TemplateValue {
    .object(ReviewView(review: try store.item(at: places?[index] ?? index), names: names))
  }
}

/// `catalog`: the catalog's info.
final class InfoView: TemplateObject {
  let info: CatalogInfo
  init(info: CatalogInfo) { self.info = info }

  func value(_ key: TemplateKey) -> TemplateValue? {
    switch key {
    case .id: .text(info.id)
    case .title: .text(info.title)
    case .description: nonEmpty(info.description)
    case .language: info.language.map { .text($0) }
    case .updated: info.updated.map { .text($0) }
    case .paragraphs: .list(TemplateView.paragraphList(info.description ?? ""))
    default: nil
    }
  }
}

/// `counts`: how many people, works and reviews.
final class CountsView: TemplateObject {
  let people: Int, works: Int, reviews: Int
  init(people: Int, works: Int, reviews: Int) {
    self.people = people
    self.works = works
    self.reviews = reviews
  }

  func value(_ key: TemplateKey) -> TemplateValue? {
    switch key {
    case .people: .text(String(people))
    case .works: .text(String(works))
    case .reviews: .text(String(reviews))
    default: nil
    }
  }
}

/// A person of `people`.
final class PersonView: ElementView {
  let person: Person
  init(_ person: Person, names: TemplateNames) { self.person = person }

  func value(_ key: TemplateKey) -> TemplateValue? {
    switch key {
    case .id: .text(person.id)
    case .name: .text(person.name)
    case .nativeName: nonEmpty(person.nativeName)
    default: nil
    }
  }
}

/// A work of `works`, with its reviews.
final class WorkView: TemplateObject {
  let work: Work
  let reviews: ReviewList
  let names: TemplateNames
  init(work: Work, reviews: ReviewList, names: TemplateNames) {
    self.work = work
    self.reviews = reviews
    self.names = names
  }

  func value(_ key: TemplateKey) -> TemplateValue? {
    switch key {
    case .id: .text(work.id)
    case .kind: .text(work.kind)
    case .title: .text(work.title)
    case .originalTitle: nonEmpty(work.originalTitle)
    case .year: work.year.map { .text(String($0)) }
    case .releaseDate: work.releaseDate.map { .text($0) }
    case .runtimeMinutes: work.runtimeMinutes.map { .text(String($0)) }
    case .languages: .list(TextList(texts: work.languages, key: .language))
    case .countries: .list(TextList(texts: work.countries, key: .country))
    case .genres: .list(TextList(texts: work.genres, key: .genre))
    case .hasGenres: .flag(!work.genres.isEmpty)
    case .genreList: .text(work.genres.joined(separator: ", "))
    case .credits: .list(ViewList<CreditView>(elements: work.credits, names: names))
    case .hasCredits: .flag(!work.credits.isEmpty)
    case .directors: .list(TextList(texts: directors, key: .name))
    case .directorNames: .text(directors.joined(separator: ", "))
    case .hasDirectors: .flag(!directors.isEmpty)
    case .basedOn: work.basedOn.map { .object(ReferenceView(id: $0, title: names.title($0))) }
    case .boxOffice: .list(ViewList<BoxOfficeView>(elements: work.boxOffice, names: names))
    case .hasBoxOffice: .flag(!work.boxOffice.isEmpty)
    case .rankings: .list(ViewList<RankingView>(elements: work.rankings, names: names))
    case .hasRankings: .flag(!work.rankings.isEmpty)
    case .availability: .list(ViewList<AvailabilityView>(elements: work.availability, names: names))
    case .hasAvailability: .flag(!work.availability.isEmpty)
    case .reviews: .list(reviews)
    case .hasReviews: .flag(reviews.count > 0)
    default: nil
    }
  }

  private var directors: [String] { work.credits.filter { $0.role == "director" }.map { names.name($0.person) } }
}

/// A credit of a work's `credits`.
final class CreditView: ElementView {
  let credit: Credit
  let names: TemplateNames
  init(_ credit: Credit, names: TemplateNames) {
    self.credit = credit
    self.names = names
  }

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
final class ReferenceView: ElementView {
  let id: String
  let title: String
  init(id: String, title: String) {
    self.id = id
    self.title = title
  }
  convenience init(_ id: String, names: TemplateNames) { self.init(id: id, title: names.title(id)) }

  func value(_ key: TemplateKey) -> TemplateValue? {
    switch key {
    case .id: .text(id)
    case .title: .text(title)
    default: nil
    }
  }
}

/// An entry of a work's `boxOffice`.
final class BoxOfficeView: ElementView {
  let entry: BoxOffice
  init(_ entry: BoxOffice, names: TemplateNames) { self.entry = entry }

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

/// An entry of a work's `rankings`.
final class RankingView: ElementView {
  let ranking: Ranking
  init(_ ranking: Ranking, names: TemplateNames) { self.ranking = ranking }

  func value(_ key: TemplateKey) -> TemplateValue? {
    switch key {
    case .list: .text(ranking.list)
    case .rank: .text(String(ranking.rank))
    case .asOf: ranking.asOf.map { .text($0) }
    default: nil
    }
  }
}

/// An entry of a work's `availability`.
final class AvailabilityView: ElementView {
  let entry: Availability
  init(_ entry: Availability, names: TemplateNames) { self.entry = entry }

  func value(_ key: TemplateKey) -> TemplateValue? {
    switch key {
    case .platform: .text(entry.platform)
    case .region: entry.region.map { .text($0) }
    case .from: entry.from.map { .text($0) }
    default: nil
    }
  }
}

/// A review of `reviews` or of a work's `reviews`.
final class ReviewView: TemplateObject {
  let review: Review
  let names: TemplateNames
  init(review: Review, names: TemplateNames) {
    self.review = review
    self.names = names
  }

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
    case .paragraphs: .list(TemplateView.paragraphList(review.body))
    case .tags: .list(TextList(texts: review.tags, key: .tag))
    case .hasTags: .flag(!review.tags.isEmpty)
    case .mentions: .list(ViewList<ReferenceView>(elements: review.mentions, names: names))
    case .hasMentions: .flag(!review.mentions.isEmpty)
    case .quotes: .list(ViewList<QuoteView>(elements: review.quotes, names: names))
    case .hasQuotes: .flag(!review.quotes.isEmpty)
    case .sources: .list(ViewList<SourceView>(elements: review.sources, names: names))
    case .hasSources: .flag(!review.sources.isEmpty)
    default: nil
    }
  }
}

/// A review's `rating`.
final class RatingView: TemplateObject {
  let rating: Rating
  init(rating: Rating) { self.rating = rating }

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

/// A quote of a review's `quotes`.
final class QuoteView: ElementView {
  let quote: Quote
  let names: TemplateNames
  init(_ quote: Quote, names: TemplateNames) {
    self.quote = quote
    self.names = names
  }

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

/// A source of a review's `sources`.
final class SourceView: ElementView {
  let source: Source
  init(_ source: Source, names: TemplateNames) { self.source = source }

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
    paragraphList(text).texts
  }

  /// The paragraphs of `text` as a list of `{text: …}` objects. Most are
  /// parts of the text itself (no copy is made of them); those whose line
  /// breaks are not all LF, or that start or end with a space beyond
  /// ASCII, are made as texts of their own.
  static func paragraphList(_ text: String) -> ParagraphList {
    let original = text
    var text = text
    return text.withUTF8 { utf8 -> ParagraphList in
      guard !utf8.isEmpty, memchr(utf8.baseAddress!, 0x0D, utf8.count) != nil else {
        return ParagraphList(
          text: original,
          parts: split(utf8).map { part in
            switch part {
            case .range(let range): .range(Int32(range.lowerBound), Int32(range.upperBound))
            case .text(let text): .text(text)
            }
          })
      }
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
      // Ranges of the normalized bytes are not ranges of the text: texts.
      let texts = bytes.withUnsafeBufferPointer { normalized in
        split(normalized).map { part -> String in
          switch part {
          case .range(let range): String(decoding: UnsafeBufferPointer(rebasing: normalized[range]), as: UTF8.self)
          case .text(let text): text
          }
        }
      }
      return ParagraphList(text: "", parts: texts.map { .text($0) })
    }
  }

  private enum SplitPart {
    case range(Range<Int>)
    case text(String)
  }

  /// The paragraphs of a text whose line breaks are all LF.
  private static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> [SplitPart] {
    var result: [SplitPart] = []
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
      if bytes[low] < 0x80 && bytes[high - 1] < 0x80 {
        result.append(.range(low..<high))
      } else {
        let trimmed = Self.trimmed(String(decoding: UnsafeBufferPointer(rebasing: bytes[low..<high]), as: UTF8.self))
        if !trimmed.isEmpty { result.append(.text(trimmed)) }
      }
    }
    // From one line break to the next (memchr), looking for two in a row.
    while index < bytes.count, let found = memchr(bytes.baseAddress! + index, 0x0A, bytes.count - index) {
      index = bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
      if index + 1 < bytes.count && bytes[index + 1] == 0x0A {
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

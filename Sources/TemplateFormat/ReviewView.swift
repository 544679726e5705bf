import ReviewCatalog

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
    case .paragraphs: .list(ParagraphList.splitting(review.body))
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
    case .percent: .text(Self.percent(rating))
    default: nil
    }
  }

  /// The rating as a whole percentage of its scale. A catalog being
  /// validated as it is written may have a rating no valid catalog has (a
  /// scale of 0, a value above it): its percentage, which is never kept,
  /// is then Swift's text for it (`inf`, `nan`, or a number too large for
  /// an integer) rather than a crash.
  static func percent(_ rating: Rating) -> String {
    let percent = (rating.value / Double(rating.scale) * 100).rounded()
    return Int(exactly: percent).map(String.init) ?? percent.description
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

import ReviewCatalog

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
    case .amountText: .text(WorkView.grouped(entry.gross.amount) + " " + entry.gross.currency)
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

extension WorkView {
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

/// Checks a catalog against every rule of the format and lists every problem.
///
/// Use ``validate(_:)`` for a whole catalog. A reader that streams a catalog
/// creates a validator with the catalog's version and info, and hands it each
/// person, then each work, then each review, then calls ``finish()``; the
/// diagnostics are the same either way.
public struct CatalogValidator: Sendable {
  /// Every problem found so far, each with its path.
  public private(set) var diagnostics: [Diagnostic] = []

  private var personIDs = IDIndex()
  private var workIDs = IDIndex()
  /// The reviews' ids: there may be millions, so they are kept compactly.
  private var reviewIDs = IDIndex()
  /// References from works to works, checked once every work has been seen.
  private var pendingBasedOn: [(id: String, path: CatalogPath)] = []

  /// Validates a whole catalog and returns its problems; an empty array means valid.
  public static func validate(_ catalog: Catalog) -> [Diagnostic] {
    var validator = CatalogValidator(formatVersion: catalog.formatVersion, info: catalog.info)
    for (index, person) in catalog.people.enumerated() { validator.validate(person, at: index) }
    for (index, work) in catalog.works.enumerated() { validator.validate(work, at: index) }
    for (index, review) in catalog.reviews.enumerated() { validator.validate(review, at: index) }
    validator.finish()
    return validator.diagnostics
  }

  /// Starts validating a catalog: checks its version and info.
  public init(formatVersion: Int64, info: CatalogInfo) {
    if formatVersion != Catalog.currentFormatVersion {
      report(["formatVersion"], "format version \(formatVersion) is not supported; this tool reads version \(Catalog.currentFormatVersion)")
    }
    let infoPath: CatalogPath = ["catalog"]
    slug(info.id, infoPath.appending("id"))
    nonEmpty(info.title, infoPath.appending("title"))
    if let language = info.language { check(ScalarRules.checkLanguage(language), infoPath.appending("language")) }
    if let updated = info.updated { check(ScalarRules.checkTimestamp(updated), infoPath.appending("updated")) }
  }

  /// Validates the person at `index` of `people`. Every person comes before every work.
  public mutating func validate(_ person: Person, at index: Int) {
    func path() -> CatalogPath { ["people", .index(index)] }
    if slug(person.id, path().appending("id")) {
      unique(person.id, index: index, in: \.personIDs, collection: "people", path: path().appending("id"))
    }
    nonEmpty(person.name, path().appending("name"))
  }

  /// Validates the work at `index` of `works`, against the people. Every work
  /// comes before every review; `basedOn`, which may name a later work, is
  /// checked once the works are done.
  public mutating func validate(_ work: Work, at index: Int) {
    func path() -> CatalogPath { ["works", .index(index)] }
    if slug(work.id, path().appending("id")) {
      unique(work.id, index: index, in: \.workIDs, collection: "works", path: path().appending("id"))
    }
    validateContents(of: work, at: path)
  }

  /// Checks what had to wait for every work and person: call it after the
  /// last item. (Validating the first review calls it too.)
  public mutating func finish() {
    for (id, path) in pendingBasedOn {
      reference(id, to: workIDs, kind: "work", collection: "works", path)
    }
    pendingBasedOn = []
  }

  /// Validates the review at `index` of `reviews`, against the people, the
  /// works and the reviews before it.
  public mutating func validate(_ review: Review, at index: Int) {
    if !pendingBasedOn.isEmpty { finish() }
    func path() -> CatalogPath { ["reviews", .index(index)] }
    if slug(review.id, path().appending("id")), let first = reviewIDs.insert(review.id, at: index) {
      report(path().appending("id"), Self.duplicateMessage(review.id, first: first, collection: "reviews"))
    }
    reference(review.work, to: workIDs, kind: "work", collection: "works", path().appending("work"))
    reference(review.critic, to: personIDs, kind: "person", collection: "people", path().appending("critic"))
    check(ScalarRules.checkDate(review.published), path().appending("published"))
    nonEmpty(review.headline, path().appending("headline"))
    if let rating = review.rating {
      func ratingPath() -> CatalogPath { path().appending("rating") }
      if rating.scale < 1 {
        report(ratingPath().appending("scale"), "a rating's scale must be 1 or more, not \(rating.scale)")
      }
      if !rating.value.isFinite {
        report(ratingPath().appending("value"), "a rating must be a finite number, not \(rating.value)")
      } else if rating.value < 0 {
        report(ratingPath().appending("value"), "a rating must be 0 or more, not \(rating.value)")
      } else if rating.scale >= 1 && rating.value > Double(rating.scale) {
        report(ratingPath().appending("value"), "\(rating.value) is above the rating's scale of \(rating.scale); a rating runs from 0 to its scale")
      }
    }
    nonEmpty(review.body, path().appending("body"))
    for (i, tag) in review.tags.enumerated() { nonEmpty(tag, path().appending("tags").appending(i)) }
    for (i, mention) in review.mentions.enumerated() {
      reference(mention, to: workIDs, kind: "work", collection: "works", path().appending("mentions").appending(i))
    }
    for (i, quote) in review.quotes.enumerated() {
      func quotePath() -> CatalogPath { path().appending("quotes").appending(i) }
      nonEmpty(quote.text, quotePath().appending("text"))
      reference(quote.speaker, to: personIDs, kind: "person", collection: "people", quotePath().appending("speaker"))
    }
    for (i, source) in review.sources.enumerated() {
      func sourcePath() -> CatalogPath { path().appending("sources").appending(i) }
      nonEmpty(source.name, sourcePath().appending("name"))
      if let url = source.url { check(ScalarRules.checkURL(url), sourcePath().appending("url")) }
    }
  }

  private mutating func validateContents(of work: Work, at path: () -> CatalogPath) {
    slug(work.kind, path().appending("kind"))
    nonEmpty(work.title, path().appending("title"))
    if let date = work.releaseDate { check(ScalarRules.checkDate(date), path().appending("releaseDate")) }
    if let minutes = work.runtimeMinutes, minutes <= 0 {
      report(path().appending("runtimeMinutes"), "a running time must be more than 0 minutes, not \(minutes)")
    }
    for (i, language) in work.languages.enumerated() {
      check(ScalarRules.checkLanguage(language), path().appending("languages").appending(i))
    }
    for (i, country) in work.countries.enumerated() {
      check(ScalarRules.checkCountry(country), path().appending("countries").appending(i))
    }
    for (i, genre) in work.genres.enumerated() { nonEmpty(genre, path().appending("genres").appending(i)) }
    for (i, credit) in work.credits.enumerated() {
      func creditPath() -> CatalogPath { path().appending("credits").appending(i) }
      reference(credit.person, to: personIDs, kind: "person", collection: "people", creditPath().appending("person"))
      slug(credit.role, creditPath().appending("role"))
    }
    if let basedOn = work.basedOn {
      // A copy: the validator must not keep a streamed work's memory alive.
      var id = basedOn
      let copy = id.withUTF8 { String(decoding: Array($0), as: UTF8.self) }
      pendingBasedOn.append((copy, path().appending("basedOn")))
    }
    for (i, entry) in work.boxOffice.enumerated() {
      func entryPath() -> CatalogPath { path().appending("boxOffice").appending(i) }
      check(ScalarRules.checkCountry(entry.territory, allowingRegions: true), entryPath().appending("territory"))
      if entry.gross.amount < 0 {
        report(entryPath().appending("gross").appending("amount"), "an amount of money must be 0 or more, not \(entry.gross.amount)")
      }
      check(ScalarRules.checkCurrency(entry.gross.currency), entryPath().appending("gross").appending("currency"))
      if let asOf = entry.asOf { check(ScalarRules.checkDate(asOf), entryPath().appending("asOf")) }
    }
    for (i, ranking) in work.rankings.enumerated() {
      func rankingPath() -> CatalogPath { path().appending("rankings").appending(i) }
      nonEmpty(ranking.list, rankingPath().appending("list"))
      if ranking.rank < 1 { report(rankingPath().appending("rank"), "a rank must be 1 or more, not \(ranking.rank)") }
      if let asOf = ranking.asOf { check(ScalarRules.checkDate(asOf), rankingPath().appending("asOf")) }
    }
    for (i, offer) in work.availability.enumerated() {
      func offerPath() -> CatalogPath { path().appending("availability").appending(i) }
      nonEmpty(offer.platform, offerPath().appending("platform"))
      if let region = offer.region { check(ScalarRules.checkCountry(region), offerPath().appending("region")) }
      if let from = offer.from { check(ScalarRules.checkDate(from), offerPath().appending("from")) }
    }
  }

  // MARK: Rules

  private mutating func report(_ path: CatalogPath, _ message: String) {
    diagnostics.append(Diagnostic(path: path, message: message))
  }

  // Paths are built only when there is a problem to report: these run for
  // every value of every review. An item's path and its parts' are local
  // functions, not values, for the same reason (made for every review, they
  // were half of the validation's instructions).

  private mutating func check(_ problem: String?, _ path: @autoclosure () -> CatalogPath) {
    if let problem { report(path(), problem) }
  }

  @discardableResult
  private mutating func slug(_ value: String, _ path: @autoclosure () -> CatalogPath) -> Bool {
    guard let problem = ScalarRules.checkSlug(value) else { return true }
    report(path(), problem)
    return false
  }

  private mutating func nonEmpty(_ value: String, _ path: @autoclosure () -> CatalogPath) {
    if value.isEmpty { report(path(), "must not be empty") }
  }

  private mutating func unique(
    _ id: String, index: Int, in seen: WritableKeyPath<CatalogValidator, IDIndex>, collection: String,
    path: @autoclosure () -> CatalogPath
  ) {
    if let first = self[keyPath: seen].insert(id, at: index) {
      report(path(), Self.duplicateMessage(id, first: first, collection: collection))
    }
  }

  private static func duplicateMessage(_ id: String, first: Int, collection: String) -> String {
    "duplicate id \(ScalarRules.quoted(id)): \(collection)[\(first)] already has it; ids must be unique within \(collection)"
  }

  private mutating func reference(
    _ id: String, to ids: IDIndex, kind: String, collection: String, _ path: @autoclosure () -> CatalogPath
  ) {
    if ids.index(of: id) == nil {
      report(path(), "no \(kind) has the id \(ScalarRules.quoted(id)); add it to \(collection) or correct the reference")
    }
  }
}

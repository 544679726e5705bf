import ReviewCatalog
import Testing

@Suite struct CatalogValidatorTests {
  static let valid = Catalog(
    info: CatalogInfo(id: "c", title: "C"),
    people: [Person(id: "critic", name: "Critic")],
    works: [Work(id: "film", kind: "film", title: "Film")],
    reviews: [Review(id: "r", work: "film", critic: "critic", published: "2020-01-01", headline: "H", body: "B")])

  @Test func aValidCatalogHasNoProblems() {
    #expect(CatalogValidator.validate(Self.valid).isEmpty)
  }

  @Test func everyProblemIsReportedWithItsPath() {
    var catalog = Self.valid
    catalog.formatVersion = 3
    catalog.works[0].basedOn = "missing"
    catalog.reviews.append(
      Review(id: "r", work: "nope", critic: "critic", published: "2020-02-30", headline: "", rating: Rating(value: 11, scale: 10), body: ""))
    let problems = CatalogValidator.validate(catalog).map(\.description)
    #expect(
      problems == [
        "error: formatVersion: format version 3 is not supported; this tool reads version 1",
        "error: works[0].basedOn: no work has the id 'missing'; add it to works or correct the reference",
        "error: reviews[1].id: duplicate id 'r': reviews[0] already has it; ids must be unique within reviews",
        "error: reviews[1].work: no work has the id 'nope'; add it to works or correct the reference",
        "error: reviews[1].published: '2020-02-30' is not a real calendar date",
        "error: reviews[1].headline: must not be empty",
        "error: reviews[1].rating.value: 11.0 is above the rating's scale of 10; a rating runs from 0 to its scale",
        "error: reviews[1].body: must not be empty",
      ])
  }

  @Test func ratingsMustBeFiniteAndWithinTheScale() {
    for (value, ok) in [(0.0, true), (10.0, true), (10.5, false), (-0.1, false), (.nan, false), (.infinity, false)] {
      var catalog = Self.valid
      catalog.reviews[0].rating = Rating(value: value, scale: 10)
      #expect(CatalogValidator.validate(catalog).isEmpty == ok, "\(value)")
    }
  }

  @Test func validatingPartByPartGivesTheSameProblemsAsAWholeCatalog() {
    var catalog = Self.valid
    catalog.reviews += [catalog.reviews[0], Review(id: "x", work: "film", critic: "ghost", published: "2020-01-01", headline: "h", body: "b")]
    // basedOn names a work that comes later: fine, and checked once the works are done.
    catalog.works.insert(Work(id: "remake", kind: "film", title: "Remake", basedOn: catalog.works[0].id), at: 0)
    catalog.works.append(Work(id: "sequel", kind: "film", title: "Sequel", basedOn: "nowhere"))
    var validator = CatalogValidator(formatVersion: 1, info: catalog.info)
    for (index, person) in catalog.people.enumerated() { validator.validate(person, at: index) }
    for (index, work) in catalog.works.enumerated() { validator.validate(work, at: index) }
    for (index, review) in catalog.reviews.enumerated() { validator.validate(review, at: index) }
    validator.finish()
    #expect(validator.diagnostics == CatalogValidator.validate(catalog))
    #expect(validator.diagnostics.map { $0.path?.description } == ["works[\(catalog.works.count - 1)].basedOn", "reviews[1].id", "reviews[2].critic"])
  }

  @Test func idsAreKeptExactlyHoweverMany() {
    var catalog = Self.valid
    let review = catalog.reviews[0]
    catalog.reviews = (0..<50_000).map { index in
      var copy = review
      // Long ids, so that they fill several of the index's 1 MiB chunks.
      copy.id = "review-\(index % 40_000)-\(String(repeating: "x", count: index % 7 + 1))-\(String(repeating: "p", count: 90))"
      return copy
    }
    // Ids repeat exactly when index and index + 40,000 have the same remainder by 7: never below 50,000.
    #expect(CatalogValidator.validate(catalog).isEmpty)
    catalog.reviews.append(catalog.reviews[12_345])
    let problems = CatalogValidator.validate(catalog)
    #expect(
      problems.map(\.description) == [
        "error: reviews[50000].id: duplicate id \(ScalarRules.quoted(catalog.reviews[12_345].id)): reviews[12345] already has it; ids must be unique within reviews"
      ])
  }

  @Test func pathsAndDiagnosticsPrintLikeACompiler() {
    let path: CatalogPath = ["reviews", 3, "rating", "value"]
    #expect(path.description == "reviews[3].rating.value")
    #expect(CatalogPath.root.description == "(root)")
    let diagnostic = Diagnostic(file: "c.json", position: SourcePosition(line: 4, column: 7), path: path, message: "m")
    #expect(diagnostic.description == "c.json:4:7: error: reviews[3].rating.value: m")
    #expect(Diagnostic(file: "c.json", message: "m").description == "c.json: error: m")
  }
}

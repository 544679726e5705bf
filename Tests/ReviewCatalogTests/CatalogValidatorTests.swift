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
    catalog.reviews.append(Review(id: "r", work: "nope", critic: "critic", published: "2020-02-30", headline: "", rating: Rating(value: 11, scale: 10), body: ""))
    let problems = CatalogValidator.validate(catalog).map(\.description)
    #expect(problems == [
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

  @Test func streamingReviewsGivesTheSameProblemsAsAWholeCatalog() {
    var catalog = Self.valid
    catalog.reviews += [catalog.reviews[0], Review(id: "x", work: "film", critic: "ghost", published: "2020-01-01", headline: "h", body: "b")]
    var validator = CatalogValidator(formatVersion: 1, info: catalog.info, people: catalog.people, works: catalog.works)
    for (index, review) in catalog.reviews.enumerated() { validator.validate(review, at: index) }
    #expect(validator.diagnostics == CatalogValidator.validate(catalog))
    #expect(validator.diagnostics.count == 2)
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

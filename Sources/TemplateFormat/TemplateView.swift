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
    case .paragraphs: .list(ParagraphList.splitting(info.description ?? ""))
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

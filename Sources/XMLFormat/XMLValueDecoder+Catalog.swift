import ReviewCatalog

// How the XML reader reads each object of the catalog. Placeholders ("" or 0)
// stand in for values that were missing or unusable; the problems say so.

extension XMLValueDecoder {
  /// Reads the whole document.
  mutating func readCatalog() throws -> Catalog {
    var catalog = Catalog(formatVersion: 0, info: CatalogInfo(id: "", title: ""))
    var sawRoot = false
    while let event = try events.next() {
      switch event {
      case .text: continue
      case .end: continue
      case .start(let root):
        guard !sawRoot else { break }
        sawRoot = true
        guard root.name == "reviewCatalog", root.namespace == XMLTreeWriter.namespace else {
          throw XMLReadError(
            position: root.position,
            message: "the root element is <\(root.name)>\(root.namespace.map { " in namespace \($0)" } ?? "");"
              + " a catalog is <reviewCatalog xmlns=\"\(XMLTreeWriter.namespace)\">")
        }
        try readObject(root, .document) { d, key, member in
          switch key {
          case 0: catalog.formatVersion = try d.readInteger(member) ?? Catalog.currentFormatVersion
          case 1: catalog.info = try d.readInfo(member)
          case 2: try d.readArray(member, itemName: "person") { d, item in catalog.people.append(try d.readPerson(item)) }
          case 3: try d.readArray(member, itemName: "work") { d, item in catalog.works.append(try d.readWork(item)) }
          default: try d.readArray(member, itemName: "review") { d, item in catalog.reviews.append(try d.readReview(item)) }
          }
        }
      }
    }
    guard sawRoot else { throw XMLReadError(position: nil, message: "the document has no root element") }
    return catalog
  }

  private mutating func object(_ member: XMLMember, _ shape: ObjectShape, _ body: (inout XMLValueDecoder, Int, XMLMember) throws -> Void) throws {
    guard case .element(let start) = member else { return }
    try readObject(start, shape, member: body)
  }

  mutating func readInfo(_ member: XMLMember) throws -> CatalogInfo {
    var info = CatalogInfo(id: "", title: "")
    try object(member, .info) { d, key, member in
      switch key {
      case 0: info.id = try d.readText(member) ?? ""
      case 1: info.title = try d.readText(member) ?? ""
      case 2: info.description = try d.readText(member)
      case 3: info.language = try d.readText(member)
      default: info.updated = try d.readText(member)
      }
    }
    return info
  }

  mutating func readPerson(_ start: XMLStartElement) throws -> Person {
    var person = Person(id: "", name: "")
    try readObject(start, .person) { d, key, member in
      switch key {
      case 0: person.id = try d.readText(member) ?? ""
      case 1: person.name = try d.readText(member) ?? ""
      default: person.nativeName = try d.readText(member)
      }
    }
    return person
  }

  mutating func readWork(_ start: XMLStartElement) throws -> Work {
    var work = Work(id: "", kind: "", title: "")
    try readObject(start, .work) { d, key, member in
      switch key {
      case 0: work.id = try d.readText(member) ?? ""
      case 1: work.kind = try d.readText(member) ?? ""
      case 2: work.title = try d.readText(member) ?? ""
      case 3: work.originalTitle = try d.readText(member)
      case 4: work.year = try d.readInteger(member)
      case 5: work.releaseDate = try d.readText(member)
      case 6: work.runtimeMinutes = try d.readInteger(member)
      case 7: work.languages = try d.readTexts(member, itemName: "language")
      case 8: work.countries = try d.readTexts(member, itemName: "country")
      case 9: work.genres = try d.readTexts(member, itemName: "genre")
      case 10:
        try d.readArray(member, itemName: "credit") { d, item in
          var credit = Credit(person: "", role: "")
          try d.readObject(item, .credit) { d, key, member in
            switch key {
            case 0: credit.person = try d.readText(member) ?? ""
            case 1: credit.role = try d.readText(member) ?? ""
            default: credit.character = try d.readText(member)
            }
          }
          work.credits.append(credit)
        }
      case 11: work.basedOn = try d.readText(member)
      case 12: try d.readArray(member, itemName: "entry") { d, item in work.boxOffice.append(try d.readBoxOffice(item)) }
      case 13:
        try d.readArray(member, itemName: "ranking") { d, item in
          var ranking = Ranking(list: "", rank: 1)
          try d.readObject(item, .ranking) { d, key, member in
            switch key {
            case 0: ranking.list = try d.readText(member) ?? ""
            case 1: ranking.rank = try d.readInteger(member) ?? 1
            default: ranking.asOf = try d.readText(member)
            }
          }
          work.rankings.append(ranking)
        }
      default:
        try d.readArray(member, itemName: "offer") { d, item in
          var offer = Availability(platform: "")
          try d.readObject(item, .availability) { d, key, member in
            switch key {
            case 0: offer.platform = try d.readText(member) ?? ""
            case 1: offer.region = try d.readText(member)
            default: offer.from = try d.readText(member)
            }
          }
          work.availability.append(offer)
        }
      }
    }
    return work
  }

  mutating func readBoxOffice(_ start: XMLStartElement) throws -> BoxOffice {
    var entry = BoxOffice(territory: "", gross: Money(amount: 0, currency: ""))
    try readObject(start, .boxOffice) { d, key, member in
      switch key {
      case 0: entry.territory = try d.readText(member) ?? ""
      case 1:
        try d.object(member, .money) { d, key, member in
          if key == 0 { entry.gross.amount = try d.readInteger(member) ?? 0 } else { entry.gross.currency = try d.readText(member) ?? "" }
        }
      default: entry.asOf = try d.readText(member)
      }
    }
    return entry
  }

  mutating func readReview(_ start: XMLStartElement) throws -> Review {
    var review = Review(id: "", work: "", critic: "", published: "", headline: "", body: "")
    try readObject(start, .review) { d, key, member in
      switch key {
      case 0: review.id = try d.readText(member) ?? ""
      case 1: review.work = try d.readText(member) ?? ""
      case 2: review.critic = try d.readText(member) ?? ""
      case 3: review.publication = try d.readText(member)
      case 4: review.published = try d.readText(member) ?? ""
      case 5: review.headline = try d.readText(member) ?? ""
      case 6: review.summary = try d.readText(member)
      case 7:
        // Placeholders that cannot break the rule between value and scale.
        var rating = Rating(value: 0, scale: .max)
        try d.object(member, .rating) { d, key, member in
          if key == 0 { rating.value = try d.readDouble(member) ?? 0 } else { rating.scale = try d.readInteger(member) ?? .max }
        }
        review.rating = rating
      case 8: review.body = try d.readText(member) ?? ""
      case 9: review.tags = try d.readTexts(member, itemName: "tag")
      case 10: review.mentions = try d.readTexts(member, itemName: "mention")
      case 11:
        try d.readArray(member, itemName: "quote") { d, item in
          var quote = Quote(text: "", speaker: "")
          try d.readObject(item, .quote) { d, key, member in
            switch key {
            case 0: quote.text = try d.readText(member) ?? ""
            case 1: quote.speaker = try d.readText(member) ?? ""
            default: quote.context = try d.readText(member)
            }
          }
          review.quotes.append(quote)
        }
      default:
        try d.readArray(member, itemName: "source") { d, item in
          var source = Source(name: "")
          try d.readObject(item, .source) { d, key, member in
            if key == 0 { source.name = try d.readText(member) ?? "" } else { source.url = try d.readText(member) }
          }
          review.sources.append(source)
        }
      }
    }
    return review
  }
}

import ReviewCatalog

/// Makes catalogs of any size in the canonical shape, the same for the same
/// seed: N reviews, N/10 works and N/5 people, bodies of 1–3 KB of mostly
/// ASCII prose with accented Latin, CJK, emoji, quotes and tabs, each
/// optional field present about 60% of the time.
final class CatalogGenerator {
  private var random: SplitMix64
  let reviewCount: Int

  init(reviews: Int, seed: UInt64) {
    reviewCount = reviews
    random = SplitMix64(seed: seed)
  }

  var workCount: Int { max(1, reviewCount / 10) }
  var personCount: Int { max(1, reviewCount / 5) }

  static let words = [
    "the", "film", "a", "story", "of", "light", "and", "sound", "whose", "camera", "never", "rests", "its",
    "director", "finds", "in", "every", "frame", "quiet", "grief", "city", "river", "night", "mother", "war",
    "memory", "music", "silence", "ending", "opening", "score", "actors", "performance", "café", "naïve",
    "déjà", "vu", "Zürich", "São", "Paulo", "電影", "故事", "夜晚", "🎬", "👩‍👩‍👧", "🇨🇳", "\"brilliant\"",
    "<restless>", "R&D", "well-made", "long", "short", "tender", "cruel",
  ]
  static let genres = ["drama", "comedy", "science fiction", "thriller", "documentary", "romance", "animation", "war"]
  static let currencies = ["USD", "EUR", "JPY", "KRW", "CNY", "GBP", "INR"]
  static let countries = ["CN", "US", "FR", "JP", "KR", "IN", "GB", "DE", "BR", "NG"]

  func head() -> Catalog {
    let people = (0..<personCount).map { i in
      Person(id: "person-\(i)", name: "Person \(i) \(word())", nativeName: maybe { "人物\(i)" })
    }
    let works = (0..<workCount).map { i in
      Work(
        id: "work-\(i)", kind: pick(["film", "series", "book", "novella"]), title: sentence(words: 2...6).capitalizedFirst,
        originalTitle: maybe { self.sentence(words: 1...4) }, year: maybe { Int64(1920 + self.int(100)) },
        releaseDate: maybe { self.date() }, runtimeMinutes: maybe { Int64(60 + self.int(120)) },
        languages: [pick(["en", "zh", "fr", "ja", "ko", "zh-Hans"])], countries: [pick(Self.countries)],
        genres: (0..<int(3)).map { _ in pick(Self.genres) },
        credits: (0..<(1 + int(4))).map { _ in
          Credit(person: "person-\(int(personCount))", role: pick(["director", "actor", "writer"]), character: maybe { self.word().capitalizedFirst })
        },
        basedOn: i > 0 && int(10) == 0 ? "work-\(int(i))" : nil,
        boxOffice: (0..<int(3)).map { _ in
          BoxOffice(
            territory: pick(Self.countries + ["WORLD", "INTL"]),
            gross: Money(amount: Int64(int(1_000_000)) * Int64(1 + int(9000)), currency: pick(Self.currencies)),
            asOf: maybe { self.date() })
        },
        rankings: (0..<int(2)).map { _ in Ranking(list: "Best of \(1990 + int(35))", rank: Int64(1 + int(100)), asOf: maybe { self.date() }) },
        availability: (0..<int(3)).map { _ in
          Availability(platform: pick(["Netflix", "Cinema", "Blu-ray", "Mubi"]), region: maybe { self.pick(Self.countries) }, from: maybe { self.date() })
        })
    }
    return Catalog(
      info: CatalogInfo(
        id: "generated", title: "Generated catalog of \(reviewCount) reviews", description: "Made by export-benchmark generate.", language: "en",
        updated: "2026-01-01T00:00:00Z"),
      people: people, works: works)
  }

  func review(_ i: Int) -> Review {
    let scale = pick([5, 10, 100] as [Int64])
    let value = Double(int(Int(scale) * 2 + 1)) / 2
    let paragraphs = (0..<(2 + int(3))).map { _ in (0..<(3 + int(5))).map { _ in sentence(words: 8...20).capitalizedFirst + "." }.joined(separator: " ") }
    return Review(
      id: "review-\(i)", work: "work-\(int(workCount))", critic: "person-\(int(personCount))",
      publication: maybe { "The \(self.word().capitalizedFirst) Review" }, published: date(),
      headline: sentence(words: 3...9).capitalizedFirst, summary: maybe { self.sentence(words: 10...25).capitalizedFirst + "." },
      rating: maybe { Rating(value: value, scale: scale) }, body: paragraphs.joined(separator: "\n\n"),
      tags: (0..<int(4)).map { _ in word() }, mentions: (0..<int(3)).map { _ in "work-\(int(workCount))" },
      quotes: (0..<int(2)).map { _ in Quote(text: sentence(words: 5...15), speaker: "person-\(int(personCount))", context: maybe { "interview" }) },
      sources: (0..<int(2)).map { _ in Source(name: word().capitalizedFirst, url: maybe { "https://example.com/\(self.int(100000))" }) })
  }

  private func int(_ bound: Int) -> Int { Int(random.next() % UInt64(max(bound, 1))) }
  private func pick<T>(_ items: [T]) -> T { items[int(items.count)] }
  private func word() -> String { pick(Self.words) }
  private func maybe<T>(_ make: () -> T) -> T? { int(10) < 6 ? make() : nil }
  private func sentence(words range: ClosedRange<Int>) -> String {
    (0..<(range.lowerBound + int(range.count))).map { _ in word() }.joined(separator: " ")
  }
  private func date() -> String {
    let year = 1990 + int(36)
    let month = 1 + int(12)
    let day = 1 + int(28)
    return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
  }
}

/// A small, fast, deterministic random number generator (Steele, Lea and Flood's SplitMix64).
struct SplitMix64 {
  private var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

extension String {
  fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

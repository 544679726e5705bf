/// The fields of a review's work and critic that flat, one-row-per-review
/// outputs (the `csv` table, flat JSON Lines) join in, kept as the people and
/// works stream past. It keeps copies, so that the streamed parts can be freed.
public struct ReviewJoin: Sendable {
  /// A work's fields that a review's row shows.
  public struct WorkFields: Sendable {
    /// The work's title.
    public var title: String
    /// Its original title.
    public var originalTitle: String?
    /// Its kind.
    public var kind: String
    /// Its year.
    public var year: Int64?
  }

  /// The works seen so far, by id (the first of a repeated id).
  public private(set) var works: [String: WorkFields] = [:]
  /// The people's names seen so far, by id.
  public private(set) var people: [String: String] = [:]

  /// An empty join.
  public init() {}

  /// Remembers a person's name.
  public mutating func remember(_ person: Person) {
    if people[person.id] == nil { people[Self.copy(person.id)] = Self.copy(person.name) }
  }

  /// Remembers a work's fields.
  public mutating func remember(_ work: Work) {
    if works[work.id] == nil {
      works[Self.copy(work.id)] = WorkFields(
        title: Self.copy(work.title), originalTitle: work.originalTitle.map(Self.copy), kind: Self.copy(work.kind), year: work.year)
    }
  }

  /// A copy of `text` in storage of its own, so that keeping it keeps
  /// nothing else alive (a substring of a part's buffer, say).
  public static func copy(_ text: String) -> String {
    var text = text
    return text.withUTF8 { utf8 in
      String(unsafeUninitializedCapacity: utf8.count) { buffer in
        _ = buffer.initialize(fromContentsOf: utf8)
        return utf8.count
      }
    }
  }
}

import ReviewCatalog
import ReviewExporting

/// What a streamed page keeps in a scratch file until it is rendered: the
/// reviews (a page lists each work's reviews inside the work, and they come
/// after every work, in catalog order) and the works.
///
/// Each item is written in a compact form (lengths and bytes) as it comes
/// and made again when the template reaches it, so memory holds one at a
/// time and 8 bytes per item for where it is. The file is a ``ScratchFile``.
final class Spill<Item: Spillable>: ItemStore {
  private let file: ScratchFile
  // Written by one thread, then only read: run-time exclusivity checks off.
  @exclusivity(unchecked) private var record = SpillRecord()
  @exclusivity(unchecked) private var starts: [Int] = []
  @exclusivity(unchecked) private var end = 0

  /// A spill in a new file at `path` (a scratch path of the output).
  init(path: String) throws {
    file = try ScratchFile(path: path)
  }

  var count: Int { starts.count }

  /// Keeps `item`, after the ones before it.
  func append(_ item: Item) throws {
    record.bytes.removeAll(keepingCapacity: true)
    item.spill(into: &record)
    starts.append(file.sink.bytesWritten)
    try file.sink.write(record.bytes)
  }

  /// Ends writing; the items can be read from now on.
  func finishWriting() throws {
    try file.finishWriting()
    end = file.count
  }

  /// The item at `index`, read from the file (one read; the page reads
  /// reviews by work, not in the file's order); from any thread (a page's
  /// long lists are rendered side by side).
  func item(at index: Int) throws -> Item {
    let start = starts[index]
    var bytes: [UInt8] = []
    try file.read(at: start, count: (index + 1 < starts.count ? starts[index + 1] : end) - start, appendingTo: &bytes)
    return bytes.withUnsafeBufferPointer { bytes in
      var reader = SpillReader(bytes: bytes, position: 0)
      return Item(from: &reader)
    }
  }
}

/// A model type a ``Spill`` can keep.
protocol Spillable {
  /// Writes this item.
  func spill(into record: inout SpillRecord)
  /// Reads an item written by ``spill(into:)``.
  init(from reader: inout SpillReader)
}

/// The bytes of one item being spilled.
struct SpillRecord {
  var bytes: [UInt8] = []

  mutating func put(_ number: Int) {
    var value = UInt(bitPattern: number)
    while value >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
      value >>= 7
    }
    bytes.append(UInt8(value))
  }

  mutating func put(raw value: UInt64) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func put(_ flag: Bool) { bytes.append(flag ? 1 : 0) }

  mutating func put(_ text: String) {
    var text = text
    text.withUTF8 { utf8 in
      put(utf8.count)
      bytes.append(contentsOf: utf8)
    }
  }

  /// `nil` as 0; a text as its length + 1, then its bytes.
  mutating func put(optional text: String?) {
    guard var text else {
      bytes.append(0)
      return
    }
    text.withUTF8 { utf8 in
      put(utf8.count + 1)
      bytes.append(contentsOf: utf8)
    }
  }

  mutating func put(optional number: Int64?) {
    put(number != nil)
    if let number { put(raw: UInt64(bitPattern: number)) }
  }

  mutating func put(_ texts: [String]) {
    put(texts.count)
    for text in texts { put(text) }
  }
}

/// Reads what a ``SpillRecord`` wrote.
struct SpillReader {
  let bytes: UnsafeBufferPointer<UInt8>
  var position: Int

  mutating func number() -> Int {
    var value: UInt = 0
    var shift: UInt = 0
    while true {
      let byte = bytes[position]
      position += 1
      value |= UInt(byte & 0x7F) << shift
      if byte < 0x80 { return Int(bitPattern: value) }
      shift += 7
    }
  }

  mutating func raw() -> UInt64 {
    var value: UInt64 = 0
    for shift in stride(from: 0, to: 64, by: 8) {
      value |= UInt64(bytes[position]) << UInt64(shift)
      position += 1
    }
    return value
  }

  mutating func flag() -> Bool {
    position += 1
    return bytes[position - 1] == 1
  }

  /// The text of the next `count` bytes. They were written from a string,
  /// so they are valid UTF-8; they are checked all the same, 8 bytes at a
  /// time across ASCII (``UTF8Validation``), which is several times faster
  /// than Swift's own check, and a damaged scratch file still gives U+FFFD,
  /// not an invalid string.
  private mutating func text(count: Int) -> String {
    let utf8 = UnsafeBufferPointer(rebasing: bytes[position..<position + count])
    position += count
    return UTF8Validation.string(utf8) ?? String(decoding: utf8, as: UTF8.self)
  }

  mutating func text() -> String { text(count: number()) }

  mutating func optionalText() -> String? {
    let count = number()
    return count == 0 ? nil : text(count: count - 1)
  }

  mutating func optionalNumber() -> Int64? {
    flag() ? Int64(bitPattern: raw()) : nil
  }

  mutating func texts() -> [String] { (0..<number()).map { _ in text() } }
}

extension Review: Spillable {
  func spill(into record: inout SpillRecord) {
    record.put(id)
    record.put(work)
    record.put(critic)
    record.put(optional: publication)
    record.put(published)
    record.put(headline)
    record.put(optional: summary)
    record.put(rating != nil)
    if let rating {
      record.put(raw: rating.value.bitPattern)
      record.put(raw: UInt64(bitPattern: rating.scale))
    }
    record.put(body)
    record.put(tags)
    record.put(mentions)
    record.put(quotes.count)
    for quote in quotes {
      record.put(quote.text)
      record.put(quote.speaker)
      record.put(optional: quote.context)
    }
    record.put(sources.count)
    for source in sources {
      record.put(source.name)
      record.put(optional: source.url)
    }
  }

  init(from reader: inout SpillReader) {
    let id = reader.text()
    let work = reader.text()
    let critic = reader.text()
    let publication = reader.optionalText()
    let published = reader.text()
    let headline = reader.text()
    let summary = reader.optionalText()
    var rating: Rating?
    if reader.flag() {
      let value = Double(bitPattern: reader.raw())
      rating = Rating(value: value, scale: Int64(bitPattern: reader.raw()))
    }
    let body = reader.text()
    let tags = reader.texts()
    let mentions = reader.texts()
    let quotes = (0..<reader.number()).map { _ in Quote(text: reader.text(), speaker: reader.text(), context: reader.optionalText()) }
    let sources = (0..<reader.number()).map { _ in Source(name: reader.text(), url: reader.optionalText()) }
    self.init(
      id: id, work: work, critic: critic, publication: publication, published: published, headline: headline,
      summary: summary, rating: rating, body: body, tags: tags, mentions: mentions, quotes: quotes, sources: sources)
  }
}

extension Work: Spillable {
  func spill(into record: inout SpillRecord) {
    record.put(id)
    record.put(kind)
    record.put(title)
    record.put(optional: originalTitle)
    record.put(optional: year)
    record.put(optional: releaseDate)
    record.put(optional: runtimeMinutes)
    record.put(languages)
    record.put(countries)
    record.put(genres)
    record.put(credits.count)
    for credit in credits {
      record.put(credit.person)
      record.put(credit.role)
      record.put(optional: credit.character)
    }
    record.put(optional: basedOn)
    record.put(boxOffice.count)
    for entry in boxOffice {
      record.put(entry.territory)
      record.put(raw: UInt64(bitPattern: entry.gross.amount))
      record.put(entry.gross.currency)
      record.put(optional: entry.asOf)
    }
    record.put(rankings.count)
    for ranking in rankings {
      record.put(ranking.list)
      record.put(raw: UInt64(bitPattern: ranking.rank))
      record.put(optional: ranking.asOf)
    }
    record.put(availability.count)
    for entry in availability {
      record.put(entry.platform)
      record.put(optional: entry.region)
      record.put(optional: entry.from)
    }
  }

  init(from reader: inout SpillReader) {
    let id = reader.text()
    let kind = reader.text()
    let title = reader.text()
    let originalTitle = reader.optionalText()
    let year = reader.optionalNumber()
    let releaseDate = reader.optionalText()
    let runtimeMinutes = reader.optionalNumber()
    let languages = reader.texts()
    let countries = reader.texts()
    let genres = reader.texts()
    let credits = (0..<reader.number()).map { _ in Credit(person: reader.text(), role: reader.text(), character: reader.optionalText()) }
    let basedOn = reader.optionalText()
    let boxOffice = (0..<reader.number()).map { _ in
      let territory = reader.text()
      let amount = Int64(bitPattern: reader.raw())
      return BoxOffice(territory: territory, gross: Money(amount: amount, currency: reader.text()), asOf: reader.optionalText())
    }
    let rankings = (0..<reader.number()).map { _ in
      let list = reader.text()
      return Ranking(list: list, rank: Int64(bitPattern: reader.raw()), asOf: reader.optionalText())
    }
    let availability = (0..<reader.number()).map { _ in
      Availability(platform: reader.text(), region: reader.optionalText(), from: reader.optionalText())
    }
    self.init(
      id: id, kind: kind, title: title, originalTitle: originalTitle, year: year, releaseDate: releaseDate,
      runtimeMinutes: runtimeMinutes, languages: languages, countries: countries, genres: genres, credits: credits,
      basedOn: basedOn, boxOffice: boxOffice, rankings: rankings, availability: availability)
  }
}

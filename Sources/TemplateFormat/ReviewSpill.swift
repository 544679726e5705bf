import ReviewCatalog
import ReviewExporting

/// The reviews of a streamed export, kept in a scratch file until the page
/// is rendered: a page lists each work's reviews inside the work, and they
/// come after every work, in catalog order.
///
/// Each review is written in a compact form (lengths and bytes) as it
/// comes and made again when the template reaches it, so memory holds one
/// review at a time and 8 bytes per review for where it is. The file is
/// a ``ScratchFile``.
final class ReviewSpill: ReviewStore {
  private let file: ScratchFile
  // Written by one thread, then only read: run-time exclusivity checks off.
  @exclusivity(unchecked) private var record: [UInt8] = []
  @exclusivity(unchecked) private var starts: [Int] = []
  @exclusivity(unchecked) private var end = 0

  /// A spill in a new file at `path` (a scratch path of the output).
  init(path: String) throws {
    file = try ScratchFile(path: path)
    record.reserveCapacity(1 << 14)
  }

  var count: Int { starts.count }

  /// Keeps `review`, after the ones before it.
  func append(_ review: Review) throws {
    record.removeAll(keepingCapacity: true)
    put(review.id)
    put(review.work)
    put(review.critic)
    put(optional: review.publication)
    put(review.published)
    put(review.headline)
    put(optional: review.summary)
    if let rating = review.rating {
      record.append(1)
      put(raw: rating.value.bitPattern)
      put(raw: UInt64(bitPattern: rating.scale))
    } else {
      record.append(0)
    }
    put(review.body)
    put(review.tags.count)
    for tag in review.tags { put(tag) }
    put(review.mentions.count)
    for mention in review.mentions { put(mention) }
    put(review.quotes.count)
    for quote in review.quotes {
      put(quote.text)
      put(quote.speaker)
      put(optional: quote.context)
    }
    put(review.sources.count)
    for source in review.sources {
      put(source.name)
      put(optional: source.url)
    }
    starts.append(file.sink.bytesWritten)
    try file.sink.write(record)
  }

  /// Ends writing; the reviews can be read from now on.
  func finishWriting() throws {
    try file.finishWriting()
    end = file.count
  }

  /// The review at `index`, read from the file. Reviews are read in the
  /// page's order (by work), not the file's, one read each; from any
  /// thread (a page's long lists are rendered side by side).
  func review(at index: Int) throws -> Review {
    let start = starts[index]
    var bytes: [UInt8] = []
    try file.read(at: start, count: (index + 1 < starts.count ? starts[index + 1] : end) - start, appendingTo: &bytes)
    return bytes.withUnsafeBufferPointer { bytes in
      var reader = Reader(bytes: bytes, position: 0)
      return reader.review()
    }
  }

  private func put(_ number: Int) {
    var value = UInt(number)
    while value >= 0x80 {
      record.append(UInt8(truncatingIfNeeded: value) | 0x80)
      value >>= 7
    }
    record.append(UInt8(value))
  }

  private func put(raw value: UInt64) {
    withUnsafeBytes(of: value.littleEndian) { record.append(contentsOf: $0) }
  }

  private func put(_ text: String) {
    var text = text
    text.withUTF8 { utf8 in
      put(utf8.count)
      record.append(contentsOf: utf8)
    }
  }

  /// `nil` as 0; a text as its length + 1, then its bytes.
  private func put(optional text: String?) {
    guard var text else {
      record.append(0)
      return
    }
    text.withUTF8 { utf8 in
      put(utf8.count + 1)
      record.append(contentsOf: utf8)
    }
  }

  private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int

    mutating func number() -> Int {
      var value: UInt = 0
      var shift: UInt = 0
      while true {
        let byte = bytes[position]
        position += 1
        value |= UInt(byte & 0x7F) << shift
        if byte < 0x80 { return Int(value) }
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

    mutating func text(count: Int) -> String {
      let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<position + count]), as: UTF8.self)
      position += count
      return text
    }

    mutating func text() -> String { text(count: number()) }

    mutating func optionalText() -> String? {
      let count = number()
      return count == 0 ? nil : text(count: count - 1)
    }

    mutating func texts() -> [String] { (0..<number()).map { _ in text() } }

    mutating func review() -> Review {
      let id = text()
      let work = text()
      let critic = text()
      let publication = optionalText()
      let published = text()
      let headline = text()
      let summary = optionalText()
      var rating: Rating?
      position += 1
      if bytes[position - 1] == 1 {
        let value = Double(bitPattern: raw())
        rating = Rating(value: value, scale: Int64(bitPattern: raw()))
      }
      let body = text()
      let tags = texts()
      let mentions = texts()
      let quotes = (0..<number()).map { _ in Quote(text: text(), speaker: text(), context: optionalText()) }
      let sources = (0..<number()).map { _ in Source(name: text(), url: optionalText()) }
      return Review(
        id: id, work: work, critic: critic, publication: publication, published: published, headline: headline,
        summary: summary, rating: rating, body: body, tags: tags, mentions: mentions, quotes: quotes, sources: sources)
    }
  }
}

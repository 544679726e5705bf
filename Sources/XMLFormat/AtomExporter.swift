import Foundation
import ReviewCatalog
import ReviewExporting

/// Exports the reviews as an Atom feed (RFC 4287), newest first, through
/// libxml2's writer like `xml`.
///
/// The feed's `id` is `urn:review-export:catalog:<id>` (or the site's
/// address, with `base-url`), its `updated` the catalog's `updated` time (or
/// the newest review's date), its author the catalog's title. Each review is
/// an entry: `id` `urn:review-export:review:<catalog>:<review>` (or the
/// review's page, also given as `link rel="alternate"`), the headline as
/// `title`, its date as `published` and `updated`, the critic as `author`, a
/// `category` per tag, the summary, and the body's paragraphs as
/// `content type="html"`. `limit` keeps the newest N (default 50; 0 keeps
/// all), holding only those in memory.
public struct AtomExporter: StreamingExporter {
  /// Creates the exporter.
  public init() {}

  /// The Atom namespace.
  static let namespace = "http://www.w3.org/2005/Atom"

  /// The `atom` format.
  public let format = FormatDescriptor(
    name: "atom", fileExtension: "atom", mediaType: "application/atom+xml",
    summary: "An Atom feed of the reviews, newest first, for feed readers.",
    options: [
      OptionDescriptor(
        name: "limit", kind: .integer(0...1_000_000), defaultValue: .integer(50),
        help: "How many of the newest reviews the feed holds; 0 for all of them."),
      OptionDescriptor(
        name: "base-url", kind: .string, defaultValue: .string(""),
        help: "The site's address, such as https://example.org/: each entry links to <base>reviews/<id>."),
      OptionDescriptor(
        name: "review-path", kind: .string, defaultValue: .string("reviews/{id}"),
        help: "With base-url: where a review's page is, {id} standing for the review's id (as jsonld.review-path)."),
      OptionDescriptor(
        name: "invalid-characters", kind: .choice(["error", "replace"]), defaultValue: .string("error"),
        help: "What to do with characters XML 1.0 cannot carry: fail naming the field, or write U+FFFD and report the count."),
    ])

  /// Remembers the catalog's head; the feed is written once the newest reviews are known.
  public func begin(_ catalog: Catalog, to output: ExportDestination) throws -> any CatalogWriter {
    let base = try output.options.siteAddress(of: "atom")
    return AtomWriter(
      info: catalog.info, output: output, limit: Int(output.options.integer("limit")), base: base,
      reviewPath: output.options.string("review-path"),
      replaceInvalid: output.options.string("invalid-characters") == "replace")
  }
}

/// Keeps the newest reviews, then writes the feed.
struct AtomWriter: CatalogWriter {
  let info: CatalogInfo
  let output: ExportDestination
  let limit: Int
  let base: String
  let reviewPath: String
  let replaceInvalid: Bool
  var joined = ReviewJoin()
  /// The newest reviews so far, with their place in the catalog (for ties).
  var kept: [(review: Review, index: Int)] = []
  var count = 0
  var replacements = 0

  init(info: CatalogInfo, output: ExportDestination, limit: Int, base: String, reviewPath: String, replaceInvalid: Bool) {
    self.info = info
    self.output = output
    self.limit = limit
    self.base = base
    self.reviewPath = reviewPath
    self.replaceInvalid = replaceInvalid
  }

  mutating func write(_ person: Person) throws { joined.remember(person) }

  mutating func write(_ review: Review) throws {
    kept.append((review, count))
    count += 1
    if limit > 0 && kept.count >= 2 * limit { trim() }
  }

  /// Newest first; of one date, the earlier in the catalog first.
  private mutating func trim() {
    kept.sort { $0.review.published != $1.review.published ? $0.review.published > $1.review.published : $0.index < $1.index }
    if limit > 0 && kept.count > limit { kept.removeLast(kept.count - limit) }
  }

  mutating func finish() throws {
    trim()
    let document = try XMLDocumentWriter(sink: output.sink, indent: 2)
    try document.startDocument()
    try document.startElement("feed")
    try document.attribute("xmlns", AtomExporter.namespace)
    try element(document, "id", base.isEmpty ? "urn:review-export:catalog:\(info.id)" : base, place: "catalog.id")
    try element(document, "title", info.title, place: "catalog.title")
    if let description = info.description, !description.isEmpty {
      try element(document, "subtitle", description, place: "catalog.description")
    }
    let newest = kept.first.map { $0.review.published + "T00:00:00Z" } ?? "1970-01-01T00:00:00Z"
    try element(document, "updated", info.updated ?? newest, place: "catalog.updated")
    try document.startElement("author")
    try element(document, "name", info.title, place: "catalog.title")
    try document.endElement()
    try document.startElement("generator")
    try document.attribute("uri", "https://github.com/review-export/review-export")
    try document.text("review-export")
    try document.endElement()
    if !base.isEmpty { try link(document, base) }
    for (review, index) in kept {
      let place = "reviews[\(index)]"
      try document.startElement("entry")
      try element(
        document, "id", base.isEmpty ? "urn:review-export:review:\(info.id):\(review.id)" : page(of: review), place: place + ".id")
      try element(document, "title", review.headline, place: place + ".headline")
      if !base.isEmpty { try link(document, page(of: review)) }
      try element(document, "published", review.published + "T00:00:00Z", place: place + ".published")
      try element(document, "updated", review.published + "T00:00:00Z", place: place + ".published")
      try document.startElement("author")
      try element(document, "name", joined.people[review.critic] ?? review.critic, place: place + ".critic")
      try document.endElement()
      for tag in review.tags {
        try document.startElement("category")
        try document.attribute("term", try checked(tag, place: place + ".tags"))
        try document.endElement()
      }
      if let summary = review.summary, !summary.isEmpty { try element(document, "summary", summary, place: place + ".summary") }
      try document.startElement("content")
      try document.attribute("type", "html")
      try document.text(try checked(Self.html(review.body), place: place + ".body"))
      try document.endElement()
      try document.endElement()
    }
    try document.endElement()
    try document.endDocument()
    if replacements > 0 {
      output.warn("replaced \(replacements) character\(replacements == 1 ? "" : "s") that XML 1.0 cannot carry with U+FFFD")
    }
  }

  private mutating func element(_ document: XMLDocumentWriter, _ name: String, _ text: String, place: String) throws {
    try document.textElement(name, try checked(text, place: place))
  }

  /// The review's page on the site.
  private func page(of review: Review) -> String { base + reviewPath.replacingOccurrences(of: "{id}", with: review.id) }

  private func link(_ document: XMLDocumentWriter, _ href: String) throws {
    try document.startElement("link")
    try document.attribute("rel", "alternate")
    try document.attribute("href", href)
    try document.endElement()
  }

  private mutating func checked(_ text: String, place: String) throws -> String {
    try XMLCharacters.checked(text, replacing: replaceInvalid, replacements: &replacements, format: "atom", place: { place })
  }

  /// The body as HTML: a `<p>` per paragraph (paragraphs are separated by a
  /// blank line), every character that HTML gives a meaning escaped.
  static func html(_ body: String) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(body.utf8.count + 64)
    var paragraph: [UInt8] = []
    var newlines = 0
    func flush() {
      guard !paragraph.isEmpty else { return }
      if !bytes.isEmpty { bytes.append(UInt8(ascii: "\n")) }
      bytes += Array("<p>".utf8) + paragraph + Array("</p>".utf8)
      paragraph.removeAll(keepingCapacity: true)
    }
    var previousWasCR = false
    for byte in body.utf8 {
      // CRLF and CR are line breaks, as LF.
      if byte == UInt8(ascii: "\n") && previousWasCR {
        previousWasCR = false
        continue
      }
      previousWasCR = byte == UInt8(ascii: "\r")
      if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
        newlines += 1
        continue
      }
      if newlines >= 2 { flush() } else if newlines == 1 { paragraph.append(UInt8(ascii: "\n")) }
      newlines = 0
      switch byte {
      case UInt8(ascii: "&"): paragraph += Array("&amp;".utf8)
      case UInt8(ascii: "<"): paragraph += Array("&lt;".utf8)
      case UInt8(ascii: ">"): paragraph += Array("&gt;".utf8)
      case UInt8(ascii: "\""): paragraph += Array("&quot;".utf8)
      case UInt8(ascii: "'"): paragraph += Array("&#39;".utf8)
      default: paragraph.append(byte)
      }
    }
    if newlines == 1 { paragraph.append(UInt8(ascii: "\n")) }
    flush()
    return String(decoding: bytes, as: UTF8.self)
  }

}

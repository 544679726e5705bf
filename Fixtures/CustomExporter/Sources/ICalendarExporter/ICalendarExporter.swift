import ReviewCatalog
import ReviewExporting

/// Exports a calendar (RFC 5545): one all-day event per review on the day it
/// was published, and one per work on its release date.
public struct ICalendarExporter: Exporter {
  /// Creates the exporter.
  public init() {}

  /// The `ics` format and its one option.
  public let format = FormatDescriptor(
    name: "ics", fileExtension: "ics", mediaType: "text/calendar",
    summary: "An iCalendar file: reviews on their publication dates, works on their release dates.",
    options: [
      OptionDescriptor(
        name: "releases", kind: .boolean, defaultValue: .boolean(true), help: "Add an event for each work's release date.")
    ])

  /// Writes the calendar.
  public func export(_ catalog: Catalog, to output: ExportDestination) throws {
    // A fixed stamp keeps the output the same on every run.
    let stamp = catalog.info.updated.map(Self.basicTimestamp) ?? "19700101T000000Z"
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//review-export//CustomExporter//EN", "X-WR-CALNAME:" + Self.text(catalog.info.title)]
    func event(uid: String, date: String, summary: String, description: String?) {
      lines += ["BEGIN:VEVENT", "UID:\(uid)@\(catalog.info.id)", "DTSTAMP:\(stamp)", "DTSTART;VALUE=DATE:" + date.replacingOccurrences(of: "-", with: ""), "SUMMARY:" + Self.text(summary)]
      if let description { lines.append("DESCRIPTION:" + Self.text(description)) }
      lines.append("END:VEVENT")
    }
    let titles = Dictionary(catalog.works.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
    for review in catalog.reviews {
      event(uid: review.id, date: review.published, summary: "Review: \(titles[review.work] ?? review.work) — \(review.headline)", description: review.summary)
    }
    if output.options.boolean("releases") {
      for work in catalog.works {
        guard let date = work.releaseDate else { continue }
        event(uid: "release-\(work.id)", date: date, summary: "Release: \(work.title)", description: nil)
      }
    }
    lines.append("END:VCALENDAR")
    for line in lines { try output.sink.write(Self.fold(line) + "\r\n") }
  }

  /// Escapes a TEXT value: backslash, semicolon, comma and line breaks.
  static func text(_ value: String) -> String {
    var escaped = ""
    for character in value {
      switch character {
      case "\\": escaped += "\\\\"
      case ";": escaped += "\\;"
      case ",": escaped += "\\,"
      case "\n", "\r\n", "\r": escaped += "\\n"
      default: escaped.append(character)
      }
    }
    return escaped
  }

  /// Folds a content line at 75 octets, never inside a UTF-8 sequence.
  static func fold(_ line: String) -> String {
    var result = ""
    var octets = 0
    for scalar in line.unicodeScalars {
      let width = String(scalar).utf8.count
      if octets + width > 75 {
        result += "\r\n "
        octets = 1
      }
      result.unicodeScalars.append(scalar)
      octets += width
    }
    return result
  }

  /// `2019-05-20T09:30:00Z` as `20190520T093000Z`.
  static func basicTimestamp(_ value: String) -> String {
    String(value.filter { $0 != "-" && $0 != ":" }.prefix(15)) + "Z"
  }
}

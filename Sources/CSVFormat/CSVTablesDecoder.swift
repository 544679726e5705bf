import Foundation
import ReviewCatalog
import ReviewExporting

/// Builds a catalog from the tables of a `csv-tables` folder, collecting
/// every problem with its file, line, column and path.
struct CSVTablesDecoder {
  /// The folder, as the user named it.
  let directory: String
  var problems: [Diagnostic] = []
  /// Where each value came from; filled only when locating.
  var locations: [CatalogPath: SourceLocation]?

  init(directory: String, locating: Bool = false) {
    self.directory = directory
    self.locations = locating ? [:] : nil
  }

  /// A data row of a table, with its cells by column name.
  struct Row {
    let table: CSVTable
    let cells: [CSVCell]
    let line: Int
    subscript(_ column: String) -> CSVCell { cells[table.columns.firstIndex(of: column)!] }
  }

  private func file(_ table: CSVTable) -> String { (directory as NSString).appendingPathComponent(table.fileName) }

  private mutating func report(_ table: CSVTable, _ position: SourcePosition?, _ path: CatalogPath?, _ message: String) {
    problems.append(Diagnostic(file: file(table), position: position, path: path, message: message))
  }

  /// Reads every table and builds the catalog; throws for what stops reading
  /// (a missing table, a syntax error, a wrong header).
  mutating func decode() throws(CatalogError) -> Catalog {
    var tables: [CSVTable: [Row]] = [:]
    var fatal: [Diagnostic] = []
    for table in CSVTable.allCases {
      do {
        tables[table] = try rows(of: table)
      } catch {
        fatal.append(error.diagnostic)
      }
    }
    guard fatal.isEmpty else { throw CatalogError(fatal) }

    var catalog = Catalog(formatVersion: 0, info: CatalogInfo(id: "", title: ""))
    let infoRows = tables[.catalog]!
    if infoRows.count != 1 {
      report(.catalog, SourcePosition(line: 2, column: 1), ["catalog"], "catalog.csv must have exactly one row after its header, not \(infoRows.count)")
    }
    if let row = infoRows.first {
      catalog.formatVersion = integer(row, "formatVersion", ["formatVersion"]) ?? Catalog.currentFormatVersion
      catalog.info = CatalogInfo(
        id: text(row, "id", ["catalog", "id"]), title: text(row, "title", ["catalog", "title"]),
        description: optionalText(row, "description", ["catalog", "description"]),
        language: optionalText(row, "language", ["catalog", "language"]),
        updated: optionalText(row, "updated", ["catalog", "updated"]))
    }
    for (i, row) in tables[.people]!.enumerated() {
      let path: CatalogPath = ["people", .index(i)]
      record(path, row)
      catalog.people.append(
        Person(
          id: text(row, "id", path.appending("id")), name: text(row, "name", path.appending("name")),
          nativeName: optionalText(row, "nativeName", path.appending("nativeName"))))
    }
    for (i, row) in tables[.works]!.enumerated() {
      let path: CatalogPath = ["works", .index(i)]
      record(path, row)
      catalog.works.append(
        Work(
          id: text(row, "id", path.appending("id")), kind: text(row, "kind", path.appending("kind")),
          title: text(row, "title", path.appending("title")),
          originalTitle: optionalText(row, "originalTitle", path.appending("originalTitle")),
          year: integer(row, "year", path.appending("year")),
          releaseDate: optionalText(row, "releaseDate", path.appending("releaseDate")),
          runtimeMinutes: integer(row, "runtimeMinutes", path.appending("runtimeMinutes")),
          basedOn: optionalText(row, "basedOn", path.appending("basedOn"))))
    }
    for (i, row) in tables[.reviews]!.enumerated() {
      let path: CatalogPath = ["reviews", .index(i)]
      record(path, row)
      let value = double(row, "rating.value", path.appending("rating").appending("value"))
      let scale = integer(row, "rating.scale", path.appending("rating").appending("scale"))
      var rating: Rating?
      switch (value, scale) {
      case (let value?, let scale?): rating = Rating(value: value, scale: scale)
      case (nil, nil): rating = nil
      default:
        report(.reviews, row.cells.first?.position, path.appending("rating"), "rating.value and rating.scale must both have a value or both be empty")
        rating = Rating(value: 0, scale: .max)
      }
      catalog.reviews.append(
        Review(
          id: text(row, "id", path.appending("id")), work: text(row, "work", path.appending("work")),
          critic: text(row, "critic", path.appending("critic")),
          publication: optionalText(row, "publication", path.appending("publication")),
          published: text(row, "published", path.appending("published")),
          headline: text(row, "headline", path.appending("headline")),
          summary: optionalText(row, "summary", path.appending("summary")), rating: rating,
          body: text(row, "body", path.appending("body"))))
    }

    let workIndex = Self.index(catalog.works.map(\.id))
    let reviewIndex = Self.index(catalog.reviews.map(\.id))
    for table in CSVTable.allCases {
      guard let (key, parentIsWork) = table.list.map({ ($0.key, $0.parentIsWork) }) else { continue }
      let parents = parentIsWork ? workIndex : reviewIndex
      let parentColumn = parentIsWork ? "work" : "review"
      let collection = parentIsWork ? "works" : "reviews"
      for (parent, items) in children(of: table, parentColumn: parentColumn, parents: parents, collection: collection) {
        for (position, row) in items {
          let path: CatalogPath = [.key(collection), .index(parent), .key(key), .index(position)]
          record(path, row)
          fill(table, row, path, &catalog, parent)
        }
      }
    }
    return catalog
  }

  /// Adds one child row's item to its parent.
  private mutating func fill(_ table: CSVTable, _ row: Row, _ path: CatalogPath, _ catalog: inout Catalog, _ parent: Int) {
    switch table {
    case .workLanguages: catalog.works[parent].languages.append(text(row, "language", path))
    case .workCountries: catalog.works[parent].countries.append(text(row, "country", path))
    case .workGenres: catalog.works[parent].genres.append(text(row, "genre", path))
    case .workCredits:
      catalog.works[parent].credits.append(
        Credit(
          person: text(row, "person", path.appending("person")), role: text(row, "role", path.appending("role")),
          character: optionalText(row, "character", path.appending("character"))))
    case .workBoxOffice:
      catalog.works[parent].boxOffice.append(
        BoxOffice(
          territory: text(row, "territory", path.appending("territory")),
          gross: Money(
            amount: integer(row, "amount", path.appending("gross").appending("amount"), required: true) ?? 0,
            currency: text(row, "currency", path.appending("gross").appending("currency"))),
          asOf: optionalText(row, "asOf", path.appending("asOf"))))
    case .workRankings:
      catalog.works[parent].rankings.append(
        Ranking(
          list: text(row, "list", path.appending("list")), rank: integer(row, "rank", path.appending("rank"), required: true) ?? 1,
          asOf: optionalText(row, "asOf", path.appending("asOf"))))
    case .workAvailability:
      catalog.works[parent].availability.append(
        Availability(
          platform: text(row, "platform", path.appending("platform")), region: optionalText(row, "region", path.appending("region")),
          from: optionalText(row, "from", path.appending("from"))))
    case .reviewTags: catalog.reviews[parent].tags.append(text(row, "tag", path))
    case .reviewMentions: catalog.reviews[parent].mentions.append(text(row, "work", path))
    case .reviewQuotes:
      catalog.reviews[parent].quotes.append(
        Quote(
          text: text(row, "text", path.appending("text")), speaker: text(row, "speaker", path.appending("speaker")),
          context: optionalText(row, "context", path.appending("context"))))
    case .reviewSources:
      catalog.reviews[parent].sources.append(
        Source(
          name: text(row, "name", path.appending("name")), url: optionalText(row, "url", path.appending("url"))))
    case .catalog, .people, .works, .reviews:
      break
    }
  }

  /// A child table's rows by parent index, each parent's rows in position order.
  private mutating func children(
    of table: CSVTable, parentColumn: String, parents: [String: Int], collection: String
  ) -> [(Int, [(Int, Row)])] {
    var byParent: [Int: [(Int, Row)]] = [:]
    for row in tableRows[table] ?? [] {
      let parentCell = row[parentColumn]
      guard let parent = parents[parentCell.text] else {
        report(
          table, parentCell.position, nil, "no row of \(collection).csv has the id \(ScalarRules.quoted(parentCell.text)); every row here must belong to one")
        continue
      }
      let positionCell = row["position"]
      guard let position = Int(positionCell.text), position >= 0 else {
        report(table, positionCell.position, nil, "position must be a whole number from 0, not \(ScalarRules.quoted(positionCell.text))")
        continue
      }
      byParent[parent, default: []].append((position, row))
    }
    var result: [(Int, [(Int, Row)])] = []
    for parent in byParent.keys.sorted() {
      let items = byParent[parent]!.sorted { $0.0 < $1.0 }
      if items.map(\.0) != Array(0..<items.count) {
        report(
          table, items.first?.1.cells.first?.position, nil,
          "the positions of \(ScalarRules.quoted(items[0].1[parentColumn].text)) must run 0, 1, 2, … with none missing or repeated; found \(items.map { String($0.0) }.joined(separator: ", "))"
        )
      }
      result.append((parent, items.enumerated().map { ($0.offset, $0.element.1) }))
    }
    return result
  }

  private var tableRows: [CSVTable: [Row]] = [:]

  /// The data rows of a table, after checking its header and field counts.
  private mutating func rows(of table: CSVTable) throws(CSVTableError) -> [Row] {
    let path = file(table)
    // Read with read(2): Foundation's FileManager.contents(atPath:) leaks a
    // buffer on empty files (found by FuzzTesting's CSV tables target).
    var info = stat()
    guard lstat(path, &info) == 0 else {
      throw CSVTableError(
        diagnostic: Diagnostic(
          file: path, message: "missing table \(table.fileName); a csv-tables folder has \(CSVTable.allCases.map(\.fileName).joined(separator: ", "))"))
    }
    // Never a FIFO (it would block), a device, or a link out of the folder.
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      let kind = (info.st_mode & S_IFMT) == S_IFLNK ? "a symbolic link" : (info.st_mode & S_IFMT) == S_IFDIR ? "a folder" : "not a regular file"
      throw CSVTableError(
        diagnostic: Diagnostic(file: path, message: "the table \(table.fileName) is \(kind); a csv-tables folder holds its tables as plain files"))
    }
    guard let data = try? MappedFile.readAll(path) else {
      throw CSVTableError(diagnostic: Diagnostic(file: path, message: "cannot read the table \(table.fileName)"))
    }
    let records: [CSVRecord]
    do {
      records = try CSVParser.parse(data, delimiter: CSVParser.delimiter(of: data, firstColumn: table.columns[0]))
    } catch {
      throw CSVTableError(diagnostic: Diagnostic(file: path, position: error.position, message: error.message))
    }
    guard let header = records.first, header.cells.map(\.text) == table.columns else {
      throw CSVTableError(
        diagnostic: Diagnostic(
          file: path, position: SourcePosition(line: 1, column: 1),
          message:
            "the header must be \(table.columns.joined(separator: ",")); found \(records.first.map { ScalarRules.quoted($0.cells.map(\.text).joined(separator: ",")) } ?? "an empty file")"
        ))
    }
    var rows: [Row] = []
    for record in records.dropFirst() {
      guard record.cells.count == table.columns.count else {
        report(
          table, SourcePosition(line: record.line, column: 1), nil,
          "this row has \(record.cells.count) fields; the header has \(table.columns.count)")
        continue
      }
      rows.append(Row(table: table, cells: record.cells, line: record.line))
    }
    tableRows[table] = rows
    return rows
  }

  // MARK: Cells

  private mutating func record(_ path: CatalogPath, _ row: Row) {
    guard locations != nil else { return }
    locations![path] = SourceLocation(file: file(row.table), position: SourcePosition(line: row.line, column: 1))
  }

  private mutating func note(_ path: CatalogPath, _ row: Row, _ cell: CSVCell) {
    guard locations != nil else { return }
    locations![path] = SourceLocation(file: file(row.table), position: cell.position)
  }

  /// A required text; an empty unquoted cell is a missing value.
  private mutating func text(_ row: Row, _ column: String, _ path: CatalogPath) -> String {
    let cell = row[column]
    note(path, row, cell)
    if cell.text.isEmpty && !cell.quoted {
      report(row.table, cell.position, path, "column '\(column)' needs a value; write \"\" for an empty text")
    }
    return cell.text
  }

  /// An optional text: an empty unquoted cell is absent, `""` is an empty text.
  private mutating func optionalText(_ row: Row, _ column: String, _ path: CatalogPath) -> String? {
    let cell = row[column]
    note(path, row, cell)
    return cell.text.isEmpty && !cell.quoted ? nil : cell.text
  }

  private mutating func integer(_ row: Row, _ column: String, _ path: CatalogPath, required: Bool = false) -> Int64? {
    let cell = row[column]
    note(path, row, cell)
    if cell.text.isEmpty && !cell.quoted {
      if required { report(row.table, cell.position, path, "column '\(column)' needs a value") }
      return nil
    }
    guard let value = Int64(cell.text) else {
      let looksNumeric = !cell.text.isEmpty && cell.text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "-") }
      report(
        row.table, cell.position, path,
        looksNumeric ? "\(cell.text) does not fit in a 64-bit integer" : "expected an integer, found \(ScalarRules.quoted(cell.text))")
      return nil
    }
    return value
  }

  private mutating func double(_ row: Row, _ column: String, _ path: CatalogPath) -> Double? {
    let cell = row[column]
    note(path, row, cell)
    if cell.text.isEmpty && !cell.quoted { return nil }
    guard let value = Double(cell.text) else {
      report(row.table, cell.position, path, "expected a number, found \(ScalarRules.quoted(cell.text))")
      return 0
    }
    return value
  }

  private static func index(_ ids: [String]) -> [String: Int] {
    var result: [String: Int] = [:]
    for (i, id) in ids.enumerated() where result[id] == nil { result[id] = i }
    return result
  }
}

/// A problem that stops reading one table.
struct CSVTableError: Error {
  var diagnostic: Diagnostic
}

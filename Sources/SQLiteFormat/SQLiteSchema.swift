import ReviewCatalog

/// The database schema of the `sqlite` format, made from the catalog's
/// table layout (`CatalogTables`, the layout of `csv-tables`): a table per
/// collection and per list, in snake_case (`work_box_office`,
/// `rating_value`), `STRICT`, with keys, references, `NOT NULL` where the
/// catalog requires a value and `CHECK`s for what the model guarantees.
enum SQLiteSchema {
  /// `PRAGMA application_id`: the bytes `RvEx`, so tools such as `file`
  /// can tell a catalog database from any other SQLite file.
  static let applicationID: Int64 = 0x5276_4578
  /// The name of the full-text index over reviews.
  static let searchTable = "review_search"
  /// The name of the view that gives the `csv` format's table.
  static let sheetView = "review_sheet"

  /// A table's name in SQL: `work-genres` is `work_genres`.
  static func name(of table: CatalogTable) -> String { table.name.replacingOccurrences(of: "-", with: "_") }

  /// A column's name in SQL: `rating.value` is `rating_value`, `runtimeMinutes` is `runtime_minutes`.
  static func name(of column: CatalogColumn) -> String { snakeCase(column.name) }

  static func snakeCase(_ name: String) -> String {
    var result = ""
    for character in name {
      if character == "." || character == "-" {
        result.append("_")
      } else if character.isUppercase {
        result += "_" + character.lowercased()
      } else {
        result.append(character)
      }
    }
    return result
  }

  /// A column's name quoted for SQL (`from` is a keyword).
  static func quoted(_ name: String) -> String { "\"" + name + "\"" }

  /// Whether the table's rows carry a `position` of the schema's own: the
  /// people, works and reviews (a list's items have one in the layout).
  static func hasOwnPosition(_ table: CatalogTable) -> Bool { table.section != nil }

  /// The statements that create the tables (indexes come after the rows).
  static func createTables() -> [String] {
    CatalogTables.layout.tables.map(createTable)
  }

  private static func createTable(_ table: CatalogTable) -> String {
    var lines: [String] = []
    if hasOwnPosition(table) { lines.append("position INTEGER NOT NULL UNIQUE CHECK (position >= 0)") }
    let layout = CatalogTables.layout
    for (index, column) in table.columns.enumerated() {
      let sqlName = quoted(name(of: column))
      var line = "\(sqlName) \(column.type.isText ? "TEXT" : column.type.isInteger ? "INTEGER" : "REAL")"
      if column.isRequired { line += " NOT NULL" }
      if index == table.idColumn { line += " PRIMARY KEY" }
      if column.type == .nonEmptyText { line += " CHECK (length(\(sqlName)) > 0)" }
      if let minimum = column.type.minimum { line += " CHECK (\(sqlName) >= \(minimum))" }
      if column.type == .date { line += " CHECK (\(sqlName) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')" }
      if column.role == .parent, let parent = table.parent {
        line += " REFERENCES \(name(of: layout.tables[parent]))(id) ON DELETE CASCADE"
      } else if let section = column.references {
        line += " REFERENCES \(name(of: layout.table(of: section.list)))(id)"
      }
      lines.append(line)
    }
    if table.parent != nil { lines.append("PRIMARY KEY (\(quoted(name(of: table.columns[0]))), position)") }
    for (prefix, columns) in groups(of: table) {
      let names = columns.map { quoted(name(of: $0)) }
      for other in names.dropFirst() { lines.append("CHECK ((\(names[0]) IS NULL) = (\(other) IS NULL))") }
      // The one rule between two values the schema can hold: a rating runs from 0 to its scale.
      if prefix == Review.Key.rating.rawValue + "." {
        // As the validator compares: the scale as a double.
        lines.append("CHECK (rating_value >= 0 AND rating_value <= CAST(rating_scale AS REAL))")
      }
    }
    return "CREATE TABLE \(name(of: table)) (\n  " + lines.joined(separator: ",\n  ") + "\n) STRICT"
  }

  /// The columns of each optional object, which are all set or all NULL.
  private static func groups(of table: CatalogTable) -> [(String, [CatalogColumn])] {
    var result: [(String, [CatalogColumn])] = []
    for column in table.columns {
      guard let group = column.group else { continue }
      if let last = result.indices.last, result[last].0 == group {
        result[last].1.append(column)
      } else {
        result.append((group, [column]))
      }
    }
    return result
  }

  /// An index on every column that refers to another table (a list's
  /// parent column is the first of its primary key, which serves).
  static func createIndexes() -> [String] {
    var statements: [String] = []
    for table in CatalogTables.layout.tables {
      for column in table.columns where column.role == .value && column.references != nil {
        statements.append(
          "CREATE INDEX \(name(of: table))_\(name(of: column)) ON \(name(of: table))(\(quoted(name(of: column))))")
      }
    }
    return statements
  }

  /// The full-text index over each review's work title, headline, summary
  /// and body. It keeps no copy of the texts: they are read from the view
  /// `review_search_content` (an external-content FTS5 table).
  static let createSearch = """
    CREATE VIEW \(searchTable)_content AS
    SELECT r.rowid AS review_rowid, r.id AS id, w.title AS title, r.headline AS headline, r.summary AS summary, r.body AS body
    FROM reviews AS r LEFT JOIN works AS w ON w.id = r.work;
    CREATE VIRTUAL TABLE \(searchTable) USING fts5(
      id UNINDEXED, title, headline, summary, body,
      content='\(searchTable)_content', content_rowid='review_rowid', tokenize='unicode61 remove_diacritics 2'
    )
    """

  /// Fills the full-text index from the reviews.
  static let fillSearch = "INSERT INTO \(searchTable)(\(searchTable)) VALUES ('rebuild')"

  /// The view of the `csv` format's table: one row per review, with its
  /// work's and critic's fields, lists joined with `; `.
  static let createSheet = """
    CREATE VIEW \(sheetView) AS
    SELECT
      r.id AS "id", r.work AS "work", w.title AS "work.title", w.original_title AS "work.originalTitle",
      w.kind AS "work.kind", w.year AS "work.year", r.critic AS "critic", p.name AS "critic.name",
      r.publication AS "publication", r.published AS "published", r.headline AS "headline",
      r.summary AS "summary", r.rating_value AS "rating.value", r.rating_scale AS "rating.scale", r.body AS "body",
      coalesce((SELECT group_concat(tag, '; ') FROM (SELECT tag FROM review_tags WHERE review = r.id ORDER BY position)), '') AS "tags",
      coalesce((SELECT group_concat(work, '; ') FROM (SELECT work FROM review_mentions WHERE review = r.id ORDER BY position)), '') AS "mentions",
      coalesce((SELECT group_concat(text, '; ') FROM (SELECT text FROM review_quotes WHERE review = r.id ORDER BY position)), '') AS "quotes.text",
      coalesce((SELECT group_concat(name, '; ') FROM (SELECT name FROM review_sources WHERE review = r.id ORDER BY position)), '') AS "sources.name"
    FROM reviews AS r
    LEFT JOIN works AS w ON w.id = r.work
    LEFT JOIN people AS p ON p.id = r.critic
    ORDER BY r.position
    """
}

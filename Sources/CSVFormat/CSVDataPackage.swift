import ReviewCatalog
import ReviewExporting

/// The `datapackage.json` of a `csv-tables` folder: a Frictionless Data
/// Package (Table Schema and CSV Dialect, v1) made from the catalog's table
/// layout, so that Frictionless, pandas-frictionless, Datasette's and R's
/// loaders know each table's fields and types, keys and references, and the
/// dialect the files were written in.
///
/// The tables reader ignores it: the folder's tables are the data, and their
/// layout is fixed.
enum CSVDataPackage {
  /// The file's name in the folder.
  static let fileName = "datapackage.json"

  /// The descriptor for tables written in `dialect`, of the catalog `name`.
  static func descriptor(dialect: CSVDialect, name: String, title: String) -> String {
    let layout = CatalogTables.layout
    var resources: [String] = []
    for table in layout.tables {
      var fields: [String] = []
      for column in table.columns {
        var field = ["\"name\": \(quoted(column.name))", "\"type\": \(quoted(fieldType(column.type)))"]
        var constraints: [String] = []
        if column.isRequired { constraints.append("\"required\": true") }
        if let minimum = column.type.minimum { constraints.append("\"minimum\": \(minimum)") }
        if column.type == .nonEmptyText { constraints.append("\"minLength\": 1") }
        if let pattern = column.type.pattern, column.type != .date { constraints.append("\"pattern\": \(quoted(pattern))") }
        if !constraints.isEmpty { field.append("\"constraints\": {" + constraints.joined(separator: ", ") + "}") }
        fields.append("{" + field.joined(separator: ", ") + "}")
      }
      var schema = ["\"fields\": [\n          " + fields.joined(separator: ",\n          ") + "\n        ]", "\"missingValues\": [\"\"]"]
      if let id = table.idColumn {
        schema.append("\"primaryKey\": [\(quoted(table.columns[id].name))]")
      } else if table.parent != nil {
        schema.append("\"primaryKey\": [\(quoted(table.columns[0].name)), \"position\"]")
      }
      var keys: [String] = []
      for column in table.columns {
        let target: CatalogTable?
        if column.role == .parent, let parent = table.parent {
          target = layout.tables[parent]
        } else if let section = column.references {
          target = layout.table(of: section.list)
        } else {
          target = nil
        }
        guard let target, let idColumn = target.idColumn else { continue }
        keys.append(
          "{\"fields\": [\(quoted(column.name))], \"reference\": {\"resource\": \(quoted(target.name)), \"fields\": [\(quoted(target.columns[idColumn].name))]}}"
        )
      }
      if !keys.isEmpty { schema.append("\"foreignKeys\": [\n          " + keys.joined(separator: ",\n          ") + "\n        ]") }
      resources.append(
        """
            {
              "name": \(quoted(table.name)),
              "path": \(quoted(table.fileName)),
              "profile": "tabular-data-resource",
              "format": "csv",
              "mediatype": "text/csv",
              "encoding": \(dialect.byteOrderMark ? "\"utf-8-sig\"" : "\"utf-8\""),
              "dialect": {
                "delimiter": \(quoted(String(UnicodeScalar(dialect.delimiter)))),
                "lineTerminator": \(quoted(String(decoding: dialect.lineEnding, as: UTF8.self))),
                "quoteChar": "\\"",
                "doubleQuote": true,
                "header": true
              },
              "schema": {
                \(schema.joined(separator: ",\n        "))
              }
            }
        """)
    }
    return """
      {
        "profile": "tabular-data-package",
        "name": \(quoted(name)),
        "title": \(quoted(title)),
        "description": "A review catalog as review-export's csv-tables: one table per collection and per list; list rows carry their parent's id and their position from 0.",
        "resources": [
      \(resources.joined(separator: ",\n"))
        ]
      }

      """
  }

  /// The Table Schema type of a catalog scalar.
  static func fieldType(_ type: CatalogScalar) -> String {
    switch type {
    case .formatVersion, .integer, .nonNegativeInteger, .positiveInteger: "integer"
    case .number: "number"
    case .date: "date"
    default: "string"
    }
  }

  static func quoted(_ text: String) -> String { JSONText.quoted(text) }
}

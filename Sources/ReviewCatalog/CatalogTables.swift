/// The catalog laid out as tables, derived from its shape: the layout of the
/// `csv-tables` folder and of the SQLite database, and what their readers
/// and writers follow (``CatalogTableWriter``, ``CatalogTableDecoder``).
///
/// The rules, applied to every object of the shape:
/// - the document is one row of the table `catalog`;
/// - each list is a table of its own, named after the list (`people`) or,
///   inside an item, after the item and the list (`work-genres`); its rows
///   carry the parent's id in a column named after the parent (`work`) and
///   the item's `position` from 0, so order survives;
/// - a text or number is a column named after its key; a required nested
///   object (a box-office entry's `gross`, the document's `catalog`) lends
///   its keys to the row unprefixed, an optional one (a review's `rating`)
///   prefixed with its key and a dot (`rating.value`), so its columns read
///   as one group that is all set or all empty;
/// - a list of texts or ids has one value column, named after the item
///   (`genre`), or for ids after what they refer to (`work`).
///
/// Tables come in the order parent before children, lists in key order.
public struct CatalogTables: Sendable {
  /// Every table, parents before their children.
  public let tables: [CatalogTable]

  /// The layout of the current catalog format.
  public static let layout = CatalogTables()

  /// The table that holds the document's row (`catalog`).
  public var root: CatalogTable { tables[0] }

  /// The table of the list `list`.
  public func table(of list: CatalogList) -> CatalogTable { tables.first { $0.list == list }! }

  /// The table named `name`, if there is one.
  public func table(named name: String) -> CatalogTable? { tables.first { $0.name == name } }

  private init() {
    var tables: [CatalogTable] = []
    Self.addTable(
      name: "catalog", list: nil, parent: nil, item: .object(ObjectShape.document), into: &tables)
    self.tables = tables
  }

  /// Adds the table of a list (or the root table), then the tables of the
  /// lists its items hold.
  @discardableResult
  private static func addTable(
    name: String, list: CatalogList?, parent: Int?, item: CatalogValue, into tables: inout [CatalogTable]
  ) -> Int {
    let index = tables.count
    var columns: [CatalogColumn] = []
    if let parent {
      let parentTable = tables[parent]
      columns.append(
        CatalogColumn(
          name: parentTable.itemName, role: .parent, type: .id, references: parentTable.section, isRequired: true,
          keyPath: []))
      columns.append(CatalogColumn(name: "position", role: .position, type: .nonNegativeInteger, isRequired: true, keyPath: []))
    }
    var lists: [(key: String, list: CatalogList, item: CatalogValue)] = []
    let itemShape: TableItem
    switch item {
    case .object(let shape):
      let node = flatten(shape, keyPath: [], prefix: "", optional: false, columns: &columns, lists: &lists)
      itemShape = .object(node)
    case .scalar, .reference:
      let column = CatalogColumn(
        name: valueColumnName(list: list!, item: item), role: .value, type: item.scalarType!,
        references: referenced(item), isRequired: true, keyPath: [])
      columns.append(column)
      itemShape = .scalar(column: columns.count - 1)
    case .list:
      preconditionFailure("a list of lists has no table layout")
    }
    let idColumn = columns.firstIndex { $0.role == .value && $0.keyPath == ["id"] }
    tables.append(
      CatalogTable(
        index: index, name: name, list: list, parent: parent, columns: columns, item: itemShape, idColumn: idColumn))
    var children: [Int] = []
    for entry in lists {
      precondition(idColumn != nil || parent == nil, "a list inside \(name)'s items needs those items to have an id")
      let childName = parent == nil && idColumn == nil ? entry.key : tables[index].itemName + "-" + kebab(entry.key)
      let child = addTable(
        name: childName, list: entry.list, parent: idColumn == nil ? nil : index, item: entry.item, into: &tables)
      children.append(child)
    }
    tables[index].link(children)
    return index
  }

  /// The node of an object whose keys become columns of the row.
  private static func flatten(
    _ shape: ObjectShape, keyPath: [String], prefix: String, optional: Bool, columns: inout [CatalogColumn],
    lists: inout [(key: String, list: CatalogList, item: CatalogValue)]
  ) -> TableNode {
    var members: [TableMember] = []
    for (index, key) in shape.keys.enumerated() {
      let path = keyPath + [key]
      switch shape.values[index] {
      case .scalar, .reference:
        let value = shape.values[index]
        columns.append(
          CatalogColumn(
            name: prefix + key, role: .value, type: value.scalarType!, references: referenced(value),
            isRequired: shape.isRequired(index) && !optional, keyPath: path, group: optional ? prefix : nil))
        members.append(.column(columns.count - 1))
      case .object(let inner):
        let isRequired = shape.isRequired(index)
        let node = flatten(
          inner, keyPath: path, prefix: isRequired ? prefix : prefix + key + ".", optional: optional || !isRequired,
          columns: &columns, lists: &lists)
        members.append(.object(node, optional: !isRequired))
      case .list(let list, let item):
        // Linked to its table once that exists (``TableNode/link(_:)``, in this order).
        lists.append((key, list, item))
        members.append(.table(-1))
      }
    }
    return TableNode(shape: shape, members: members)
  }

  private static func referenced(_ value: CatalogValue) -> CatalogSection? {
    if case .reference(let section) = value { return section }
    return nil
  }

  private static func valueColumnName(list: CatalogList, item: CatalogValue) -> String {
    if case .reference(let section) = item { return section.itemName }
    return list.itemName
  }

  private static func kebab(_ key: String) -> String {
    var name = ""
    for character in key {
      if character.isUppercase {
        name += "-" + character.lowercased()
      } else {
        name.append(character)
      }
    }
    return name
  }
}

/// One table of ``CatalogTables``.
public struct CatalogTable: Sendable {
  /// Its place in ``CatalogTables/tables``.
  public let index: Int
  /// Its name: `catalog`, `people`, `work-genres`, …
  public let name: String
  /// The list whose items are its rows; `nil` for the root table.
  public let list: CatalogList?
  /// The table whose rows own these rows, for the tables of lists inside items.
  public let parent: Int?
  /// Its columns, in order: the parent's id and the position first, for a child table.
  public let columns: [CatalogColumn]
  /// How one row maps to an item of the list.
  public let item: TableItem
  /// The column that holds each row's `id`, for tables whose items have one.
  public let idColumn: Int?

  /// What one item is called (`work`), or `catalog` for the root table.
  public var itemName: String { list?.itemName ?? name }

  /// The section whose items are its rows (people, works, reviews), if any.
  public var section: CatalogSection? {
    switch list {
    case .people: .people
    case .works: .works
    case .reviews: .reviews
    default: nil
    }
  }

  /// The column names, in order.
  public var columnNames: [String] { columns.map(\.name) }

  /// The index of the column named `name`.
  public func column(named name: String) -> Int? { columns.firstIndex { $0.name == name } }

  /// Replaces the placeholders of list members with their child tables, in order.
  fileprivate mutating func link(_ children: [Int]) {
    guard case .object(var node) = item else { return }
    var remaining = children[...]
    node.link(&remaining)
    self = CatalogTable(index: index, name: name, list: list, parent: parent, columns: columns, item: .object(node), idColumn: idColumn)
  }
}

/// One column of a ``CatalogTable``.
public struct CatalogColumn: Sendable, Equatable {
  /// What the column holds.
  public enum Role: Sendable, Equatable {
    /// The id of the row's parent item (a child table's first column).
    case parent
    /// The item's position in its list, from 0.
    case position
    /// A value of the item.
    case value
  }

  /// Its name in the table's header.
  public let name: String
  /// What it holds.
  public let role: Role
  /// The type of its values.
  public let type: CatalogScalar
  /// The section whose ids it holds, for references (a foreign key).
  public let references: CatalogSection?
  /// Whether every row must have a value (`NOT NULL`).
  public let isRequired: Bool
  /// The keys from the item to the value (`["rating", "value"]`); empty for
  /// the parent and position columns and for the value of a list of texts.
  public let keyPath: [String]
  /// For the columns of an optional object, the group's prefix (`rating.`):
  /// such columns are all set or all empty.
  public let group: String?

  init(
    name: String, role: Role, type: CatalogScalar, references: CatalogSection? = nil, isRequired: Bool,
    keyPath: [String], group: String? = nil
  ) {
    self.name = name
    self.role = role
    self.type = type
    self.references = references
    self.isRequired = isRequired
    self.keyPath = keyPath
    self.group = group
  }
}

/// How a row of a table maps to one item of its list.
public enum TableItem: Sendable {
  /// The item is an object; its keys map as the node says.
  case object(TableNode)
  /// The item is a text or an id, in this column.
  case scalar(column: Int)
}

/// How the keys of one object map into a row.
public struct TableNode: Sendable {
  /// The object's shape.
  public let shape: ObjectShape
  /// For each key of the shape, by index, where it goes.
  public fileprivate(set) var members: [TableMember]

  fileprivate mutating func link(_ children: inout ArraySlice<Int>) {
    for index in members.indices {
      switch members[index] {
      case .table:
        members[index] = .table(children.removeFirst())
      case .object(var node, let optional):
        node.link(&children)
        members[index] = .object(node, optional: optional)
      case .column:
        break
      }
    }
  }
}

/// Where one key of an object goes in the tables.
public indirect enum TableMember: Sendable {
  /// A column of the row.
  case column(Int)
  /// A nested object whose keys are columns of the same row; `optional`
  /// when it may be absent (its columns then all empty).
  case object(TableNode, optional: Bool)
  /// A list, whose items are the rows of this table that name the row as their parent.
  case table(Int)
}

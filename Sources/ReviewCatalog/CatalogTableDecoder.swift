/// The rows of a catalog laid out as ``CatalogTables``, as a tabular format
/// (`csv-tables`, SQLite) holds them: what ``CatalogTableDecoder`` reads.
///
/// A source answers for single cells and turns their text into values with
/// its own messages (a CSV cell is text; a SQLite cell is typed); the decoder
/// does everything else: which keys are present, the rows of each list, the
/// parent and position columns, and the one mapping into the model.
public protocol CatalogTableSource {
  /// How many data rows `table` has.
  func rowCount(of table: CatalogTable) -> Int
  /// Whether the cell holds a value; `false` for an absent optional (an
  /// empty CSV cell, SQL's `NULL`).
  func hasValue(_ table: CatalogTable, row: Int, column: Int) -> Bool
  /// The cell's text as it is, for ids and positions; empty when it has no value.
  func text(_ table: CatalogTable, row: Int, column: Int) -> String
  /// The cell's text as a value of the catalog, or `nil` after reporting why not.
  mutating func readText(_ table: CatalogTable, row: Int, column: Int, path: CatalogPath) -> String?
  /// The cell as an exact 64-bit integer, or `nil` after reporting why not.
  mutating func readInteger(_ table: CatalogTable, row: Int, column: Int, path: CatalogPath) -> Int64?
  /// The cell as a number, or `nil` after reporting why not.
  mutating func readDouble(_ table: CatalogTable, row: Int, column: Int, path: CatalogPath) -> Double?
  /// Records a problem at a cell, or at the start of a row (`column` `nil`),
  /// or of the table (`row` `nil`).
  mutating func report(_ table: CatalogTable, row: Int?, column: Int?, path: CatalogPath?, _ message: String)
  /// The message for a required cell that has no value.
  func missingValueMessage(_ table: CatalogTable, column: Int) -> String
  /// How messages name the table: `works.csv`, `the table works`.
  func displayName(of table: CatalogTable) -> String
  /// Notes where the value at `path` came from (a cell, or a row when
  /// `column` is `nil`), for a source that locates; does nothing otherwise.
  mutating func locate(_ path: CatalogPath, _ table: CatalogTable, row: Int, column: Int?)
}

/// Reads a catalog from the rows of ``CatalogTables`` through the one
/// mapping of ``CatalogDecoding``, whatever holds the rows.
///
/// Besides what each value's cell says, it checks what only tables can get
/// wrong: a child row whose parent id is in no row of its parent's table,
/// positions that are not whole numbers from 0, or do not run 0, 1, 2, …
/// for one parent, and a `catalog` table with other than one row. Those
/// problems are reported after the values' problems, table by table.
public struct CatalogTableDecoder<Source: CatalogTableSource>: CatalogDecoding {
  /// Where the rows come from; it holds the problems found.
  public var source: Source
  @usableFromInline let layout = CatalogTables.layout
  /// For each table, the rows of each parent row, in position order
  /// (section tables: every row, under parent 0).
  @usableFromInline var children: [[Int: [Int]]] = []
  /// The path of the value being read.
  @usableFromInline var path: [CatalogPath.Component] = []
  /// Where the next value is read from.
  @usableFromInline var at: Cursor
  /// Problems between rows, reported once the values have been read.
  @usableFromInline var structural: [(table: CatalogTable, row: Int?, column: Int?, message: String)] = []

  @usableFromInline enum Cursor {
    case object(TableNode, table: Int, row: Int?, group: [Int]?)
    case cell(table: Int, row: Int, column: Int, group: [Int]?)
    case rows(table: Int, rows: [Int])
  }

  /// A decoder of the rows `source` holds.
  public init(source: Source) {
    self.source = source
    guard case .object(let root) = layout.root.item else { preconditionFailure("the root table holds the document") }
    let rootRows = source.rowCount(of: layout.root)
    at = .object(root, table: 0, row: rootRows > 0 ? 0 : nil, group: nil)
    if rootRows != 1 {
      structural.append((layout.root, nil, nil, "\(source.displayName(of: layout.root)) must have exactly one row, not \(rootRows)"))
    }
    for table in layout.tables { children.append(group(table)) }
  }

  /// Reads the whole catalog, then reports the problems between rows.
  public mutating func decode() throws -> Catalog {
    let catalog = try readCatalogObject()
    for problem in structural {
      source.report(problem.table, row: problem.row, column: problem.column, path: nil, problem.message)
    }
    structural = []
    return catalog
  }

  // MARK: CatalogDecoding

  /// Reads the object at the cursor: its present keys, in order.
  public mutating func readObject(_ shape: ObjectShape, member: (inout Self, Int) throws -> Void) throws -> Bool {
    guard case .object(let node, let table, let row, let group) = at else { preconditionFailure("not at an object") }
    for index in node.members.indices {
      switch node.members[index] {
      case .column(let column):
        guard let row else { continue }
        if source.hasValue(layout.tables[table], row: row, column: column) {
          try readMember(index, of: node, at: .cell(table: table, row: row, column: column, group: group), member)
        } else if node.shape.isRequired(index) {
          let message =
            group.map { Self.groupMessage(layout.tables[table], $0) }
            ?? source.missingValueMessage(layout.tables[table], column: column)
          source.report(layout.tables[table], row: row, column: column, path: CatalogPath(path + [.key(node.shape.keys[index])]), message)
        }
      case .object(let inner, let optional):
        guard let row else { continue }
        var innerGroup = group
        if optional {
          let columns = Self.columns(of: inner)
          guard columns.contains(where: { source.hasValue(layout.tables[table], row: row, column: $0) }) else { continue }
          innerGroup = columns
        }
        try readMember(index, of: node, at: .object(inner, table: table, row: row, group: innerGroup), member)
      case .table(let child):
        let rows = layout.tables[child].parent == nil ? children[child][0] ?? [] : row.flatMap { children[child][$0] } ?? []
        try readMember(index, of: node, at: .rows(table: child, rows: rows), member)
      }
    }
    return true
  }

  @usableFromInline mutating func readMember(
    _ index: Int, of node: TableNode, at cursor: Cursor, _ member: (inout Self, Int) throws -> Void
  ) throws {
    path.append(.key(node.shape.keys[index]))
    at = cursor
    try member(&self, index)
    path.removeLast()
  }

  /// Reads the rows of the list at the cursor, each as one item.
  public mutating func readArray(of list: CatalogList, item: (inout Self) throws -> Void) throws {
    guard case .rows(let table, let rows) = at else { preconditionFailure("not at a list") }
    let described = layout.tables[table]
    for (index, row) in rows.enumerated() {
      path.append(.index(index))
      switch described.item {
      case .object(let node):
        source.locate(CatalogPath(path), described, row: row, column: nil)
        at = .object(node, table: table, row: row, group: nil)
      case .scalar(let column):
        at = .cell(table: table, row: row, column: column, group: nil)
      }
      try item(&self)
      path.removeLast()
    }
  }

  /// Reads the cell at the cursor as a text.
  public mutating func readString() throws -> String? {
    guard let (table, row, column) = cell() else { return nil }
    return source.readText(table, row: row, column: column, path: CatalogPath(path))
  }

  /// Reads the cell at the cursor as an integer.
  public mutating func readInteger() throws -> Int64? {
    guard let (table, row, column) = cell() else { return nil }
    return source.readInteger(table, row: row, column: column, path: CatalogPath(path))
  }

  /// Reads the cell at the cursor as a number.
  public mutating func readDouble() throws -> Double? {
    guard let (table, row, column) = cell() else { return nil }
    return source.readDouble(table, row: row, column: column, path: CatalogPath(path))
  }

  /// The cell at the cursor, located; `nil` (reported) when it has no value.
  @usableFromInline mutating func cell() -> (CatalogTable, Int, Int)? {
    guard case .cell(let index, let row, let column, _) = at else { preconditionFailure("not at a cell") }
    let table = layout.tables[index]
    let here = CatalogPath(path)
    source.locate(here, table, row: row, column: column)
    guard source.hasValue(table, row: row, column: column) else {
      source.report(table, row: row, column: column, path: here, source.missingValueMessage(table, column: column))
      return nil
    }
    return (table, row, column)
  }

  // MARK: Rows

  /// The rows of `table` by parent row, checking parents and positions.
  mutating func group(_ table: CatalogTable) -> [Int: [Int]] {
    let count = source.rowCount(of: table)
    guard let parentIndex = table.parent else { return [0: Array(0..<count)] }
    let parent = layout.tables[parentIndex]
    guard let idColumn = parent.idColumn else { return [:] }
    var parents: [String: Int] = [:]
    for row in 0..<source.rowCount(of: parent) {
      let id = source.text(parent, row: row, column: idColumn)
      if parents[id] == nil { parents[id] = row }
    }
    var byParent: [Int: [(position: Int, row: Int)]] = [:]
    for row in 0..<count {
      let id = source.text(table, row: row, column: 0)
      guard let owner = parents[id] else {
        structural.append(
          (table, row, 0, "no row of \(source.displayName(of: parent)) has the id \(ScalarRules.quoted(id)); every row here must belong to one"))
        continue
      }
      let text = source.text(table, row: row, column: 1)
      guard let position = Int(text), position >= 0 else {
        structural.append((table, row, 1, "position must be a whole number from 0, not \(ScalarRules.quoted(text))"))
        continue
      }
      byParent[owner, default: []].append((position, row))
    }
    var result: [Int: [Int]] = [:]
    for owner in byParent.keys.sorted() {
      let items = byParent[owner]!.sorted { ($0.position, $0.row) < ($1.position, $1.row) }
      if !items.map(\.position).elementsEqual(0..<items.count) {
        structural.append(
          (
            table, items[0].row, nil,
            "the positions of \(ScalarRules.quoted(source.text(table, row: items[0].row, column: 0))) must run 0, 1, 2, … with none missing or repeated; found \(items.map { String($0.position) }.joined(separator: ", "))"
          ))
      }
      result[owner] = items.map(\.row)
    }
    return result
  }

  /// Every column an object's keys fill, nested objects included.
  static func columns(of node: TableNode) -> [Int] {
    node.members.flatMap { member -> [Int] in
      switch member {
      case .column(let column): [column]
      case .object(let inner, _): columns(of: inner)
      case .table: []
      }
    }
  }

  /// The message for an optional object whose columns are only partly set.
  static func groupMessage(_ table: CatalogTable, _ columns: [Int]) -> String {
    let names = columns.map { table.columns[$0].name }
    if names.count == 2 { return "\(names[0]) and \(names[1]) must both have a value or both be empty" }
    return "\(names.joined(separator: ", ")) must all have a value or all be empty"
  }
}

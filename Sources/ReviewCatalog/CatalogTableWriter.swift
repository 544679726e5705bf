/// A value of one cell of ``CatalogTables``.
public enum TableCell: Sendable, Equatable {
  /// No value: an absent optional (an empty cell, SQL's `NULL`).
  case absent
  /// A text, possibly empty.
  case text(String)
  /// A 64-bit integer.
  case integer(Int64)
  /// A finite number.
  case number(Double)
}

/// Where ``CatalogTableWriter`` puts the rows it makes: one file per table,
/// a database, a workbook.
public protocol TableRowSink {
  /// Takes one complete row of `table`, its cells in the table's column order.
  ///
  /// A child row may come before its parent's row (a work's genres come
  /// while the work is being written); rows of one table come in order.
  mutating func write(row cells: [TableCell], of table: CatalogTable) throws
  /// Ends the tables, after the last row. Does nothing unless implemented.
  mutating func finish() throws
}

extension TableRowSink {
  /// Does nothing.
  public mutating func finish() throws {}
}

/// Turns the catalog's tree (``TreeWriter`` events, in the canonical order)
/// into the rows of ``CatalogTables``, so that every tabular format writes
/// what the one tree walk gives it.
public struct CatalogTableWriter<Sink: TableRowSink>: TreeWriter {
  /// Where the rows go.
  public var sink: Sink
  @usableFromInline let plan = TableWritingPlan.shared

  /// What the next event belongs to. Only integers, so that the stack of
  /// contexts costs no reference counting.
  @usableFromInline enum Context {
    /// An object (node `node` of the plan) whose keys fill the open row
    /// `row`; `next` is where to look for the next key (keys come in order).
    case object(node: Int, row: Int, next: Int, pending: TableWritingPlan.Member?, startsRow: Bool)
    /// A list whose items are rows of `table`, under the parent row `parentRow`.
    case list(table: Int, parentRow: Int?, position: Int64)
  }

  /// The rows being filled: the document's, a work's, a credit's, …
  @usableFromInline var rows: [(table: Int, cells: [TableCell])] = []
  @usableFromInline var contexts: [Context] = []
  /// The row of a text item, reused: parent, position, value.
  @usableFromInline var itemRow: [TableCell] = [.absent, .absent, .absent]
  /// Rows written, kept for reuse by the next row of their table.
  @usableFromInline var spareRows: [[TableCell]?] = []

  /// A writer of rows into `sink`.
  @inlinable
  public init(sink: Sink) {
    self.sink = sink
    spareRows = Array(repeating: nil, count: plan.tables.count)
  }

  /// Opens the document's row, a list item's row, or a nested object of the current row.
  @inlinable
  public mutating func beginObject(named name: String) throws {
    switch contexts.last {
    case nil:
      rows.append((0, plan.emptyRows[0]))
      contexts.append(.object(node: plan.itemNodes[0]!, row: rows.count - 1, next: 0, pending: nil, startsRow: true))
    case .list(let table, let parentRow, let position)?:
      guard let node = plan.itemNodes[table] else { preconditionFailure("an object in a list of texts") }
      openItemRow(table, parentRow: parentRow, position: position)
      contexts.append(.object(node: node, row: rows.count - 1, next: 0, pending: nil, startsRow: true))
    case .object(_, let row, _, let pending, _)?:
      guard case .object(let node)? = pending else { preconditionFailure("an object where the layout has none") }
      contexts.append(.object(node: node, row: row, next: 0, pending: nil, startsRow: false))
    }
  }

  /// Closes the current object, handing its row to the sink if it began one.
  @inlinable
  public mutating func endObject() throws {
    guard case .object(_, _, _, _, let startsRow) = contexts.removeLast() else { preconditionFailure("unbalanced tree") }
    if startsRow {
      let row = rows.removeLast()
      try sink.write(row: row.cells, of: plan.tables[row.table])
      spareRows[row.table] = row.cells
    }
  }

  /// Opens a list: its items are rows of the list's table.
  @inlinable
  public mutating func beginArray(itemName: String) throws {
    guard case .object(_, let row, _, let pending, _)? = contexts.last, case .table(let table)? = pending else {
      preconditionFailure("a list where the layout has none")
    }
    contexts.append(.list(table: table, parentRow: plan.tables[table].parent == nil ? nil : row, position: 0))
  }

  /// Closes the current list.
  @inlinable
  public mutating func endArray() throws {
    guard case .list = contexts.removeLast() else { preconditionFailure("unbalanced tree") }
  }

  /// Finds where the key's value goes.
  @inlinable
  public mutating func key(_ key: String) throws {
    guard case .object(let node, let row, var next, _, let startsRow) = contexts.last else {
      preconditionFailure("a key outside an object")
    }
    let keys = plan.keys[node]
    // Lengths first: a comparison of unequal strings is the slow kind.
    let length = key.utf8.count
    while next < keys.count && (keys[next].utf8.count != length || keys[next] != key) { next += 1 }
    precondition(next < keys.count, "the key \(key) is not in this object, or out of order")
    contexts[contexts.count - 1] = .object(
      node: node, row: row, next: next + 1, pending: plan.members[node][next], startsRow: startsRow)
  }

  /// Ends the tables (``TableRowSink/finish()``).
  @inlinable
  public mutating func endDocument() throws {
    try sink.finish()
  }

  /// Writes a text into its cell, or a text item as a row.
  @inlinable
  public mutating func string(_ value: String) throws { try scalar(.text(value)) }
  /// Writes an integer into its cell.
  @inlinable
  public mutating func integer(_ value: Int64) throws { try scalar(.integer(value)) }
  /// Writes a number into its cell.
  @inlinable
  public mutating func double(_ value: Double) throws { try scalar(.number(value)) }

  @inlinable
  mutating func scalar(_ cell: TableCell) throws {
    switch contexts.last {
    case .object(_, let row, _, .column(let column)?, _)?:
      rows[row].cells[column] = cell
    case .list(let table, let parentRow, let position)?:
      guard plan.scalarColumns[table] == 2, let parentRow, let idColumn = plan.tables[rows[parentRow].table].idColumn else {
        preconditionFailure("a text where the layout has no list of texts")
      }
      contexts[contexts.count - 1] = .list(table: table, parentRow: parentRow, position: position + 1)
      itemRow[0] = rows[parentRow].cells[idColumn]
      itemRow[1] = .integer(position)
      itemRow[2] = cell
      try sink.write(row: itemRow, of: plan.tables[table])
    default:
      preconditionFailure("a value where the layout has no column")
    }
  }

  /// Opens the row of the next item of the current list, and counts it.
  @inlinable
  mutating func openItemRow(_ table: Int, parentRow: Int?, position: Int64) {
    contexts[contexts.count - 1] = .list(table: table, parentRow: parentRow, position: position + 1)
    var cells: [TableCell]
    if let spare = spareRows[table] {
      spareRows[table] = nil
      cells = spare
      for index in cells.indices { cells[index] = .absent }
    } else {
      cells = plan.emptyRows[table]
    }
    if let parentRow, let idColumn = plan.tables[rows[parentRow].table].idColumn {
      cells[0] = rows[parentRow].cells[idColumn]
      cells[1] = .integer(position)
    }
    rows.append((table, cells))
  }
}

/// ``CatalogTables`` flattened for writing: nodes by number, keys and
/// members by node, an empty row per table.
@usableFromInline
struct TableWritingPlan: Sendable {
  /// Where one key of a node goes.
  @usableFromInline enum Member: Sendable {
    case column(Int)
    case object(Int)
    case table(Int)
  }

  @usableFromInline static let shared = TableWritingPlan(CatalogTables.layout)

  @usableFromInline let tables: [CatalogTable]
  /// Each node's keys, in order.
  @usableFromInline var keys: [[String]] = []
  /// Each node's members, by key index.
  @usableFromInline var members: [[Member]] = []
  /// Each table's item node, for tables of objects.
  @usableFromInline var itemNodes: [Int?] = []
  /// Each table's value column, for tables of texts and ids.
  @usableFromInline var scalarColumns: [Int?] = []
  /// Each table's row with every cell absent.
  @usableFromInline var emptyRows: [[TableCell]] = []

  init(_ layout: CatalogTables) {
    tables = layout.tables
    for table in layout.tables {
      emptyRows.append(Array(repeating: .absent, count: table.columns.count))
      switch table.item {
      case .object(let node):
        itemNodes.append(add(node))
        scalarColumns.append(nil)
      case .scalar(let column):
        itemNodes.append(nil)
        scalarColumns.append(column)
      }
    }
  }

  private mutating func add(_ node: TableNode) -> Int {
    let index = keys.count
    keys.append(node.shape.keys)
    members.append([])
    var flat: [Member] = []
    for member in node.members {
      switch member {
      case .column(let column): flat.append(.column(column))
      case .object(let inner, _): flat.append(.object(add(inner)))
      case .table(let table): flat.append(.table(table))
      }
    }
    members[index] = flat
    return index
  }
}

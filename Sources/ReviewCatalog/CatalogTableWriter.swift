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
}

/// Turns the catalog's tree (``TreeWriter`` events, in the canonical order)
/// into the rows of ``CatalogTables``, so that every tabular format writes
/// what the one tree walk gives it.
public struct CatalogTableWriter<Sink: TableRowSink>: TreeWriter {
  /// Where the rows go.
  public var sink: Sink
  @usableFromInline let layout = CatalogTables.layout

  /// A row being filled.
  @usableFromInline struct OpenRow {
    var table: Int
    var cells: [TableCell]
  }

  /// What the next event belongs to.
  @usableFromInline enum Context {
    /// An object whose keys fill the row at `row` of `rows`; `next` is the
    /// index from which to look for the next key (keys come in order).
    case object(TableNode, row: Int, next: Int, pending: TableMember?, startsRow: Bool)
    /// A list whose items are rows of `table`.
    case list(table: Int, parentID: String?, position: Int64)
  }

  @usableFromInline var rows: [OpenRow] = []
  @usableFromInline var contexts: [Context] = []

  /// A writer of rows into `sink`.
  public init(sink: Sink) {
    self.sink = sink
  }

  /// Opens the document's row, a list item's row, or a nested object of the current row.
  public mutating func beginObject(named name: String) throws {
    guard let context = contexts.last else {
      guard case .object(let node) = layout.root.item else { preconditionFailure("the root table holds objects") }
      openRow(layout.root.index, parentID: nil, position: nil)
      contexts.append(.object(node, row: rows.count - 1, next: 0, pending: nil, startsRow: true))
      return
    }
    switch context {
    case .list(let table, let parentID, let position):
      guard case .object(let node) = layout.tables[table].item else { preconditionFailure("an object in a list of texts") }
      advance(position: position)
      openRow(table, parentID: parentID, position: position)
      contexts.append(.object(node, row: rows.count - 1, next: 0, pending: nil, startsRow: true))
    case .object(_, let row, _, let pending, _):
      guard case .object(let node, _)? = pending else { preconditionFailure("an object where the layout has none") }
      contexts.append(.object(node, row: row, next: 0, pending: nil, startsRow: false))
    }
  }

  /// Closes the current object, handing its row to the sink if it began one.
  public mutating func endObject() throws {
    guard case .object(_, _, _, _, let startsRow) = contexts.removeLast() else { preconditionFailure("unbalanced tree") }
    if startsRow {
      let row = rows.removeLast()
      try sink.write(row: row.cells, of: layout.tables[row.table])
    }
  }

  /// Opens a list: its items are rows of the list's table.
  public mutating func beginArray(itemName: String) throws {
    guard case .object(_, let row, _, let pending, _)? = contexts.last, case .table(let table)? = pending else {
      preconditionFailure("a list where the layout has none")
    }
    var parentID: String?
    if layout.tables[table].parent != nil, let idColumn = layout.tables[rows[row].table].idColumn,
      case .text(let id) = rows[row].cells[idColumn]
    {
      parentID = id
    }
    contexts.append(.list(table: table, parentID: parentID, position: 0))
  }

  /// Closes the current list.
  public mutating func endArray() throws {
    guard case .list = contexts.removeLast() else { preconditionFailure("unbalanced tree") }
  }

  /// Finds where the key's value goes.
  public mutating func key(_ key: String) throws {
    guard case .object(let node, let row, var next, _, let startsRow) = contexts.last else {
      preconditionFailure("a key outside an object")
    }
    while next < node.shape.keys.count && node.shape.keys[next] != key { next += 1 }
    precondition(next < node.shape.keys.count, "the key \(key) is not in \(node.shape.name), or out of order")
    contexts[contexts.count - 1] = .object(node, row: row, next: next + 1, pending: node.members[next], startsRow: startsRow)
  }

  /// Writes a text into its cell, or a text item as a row.
  public mutating func string(_ value: String) throws { try scalar(.text(value)) }
  /// Writes an integer into its cell.
  public mutating func integer(_ value: Int64) throws { try scalar(.integer(value)) }
  /// Writes a number into its cell.
  public mutating func double(_ value: Double) throws { try scalar(.number(value)) }

  @usableFromInline mutating func scalar(_ cell: TableCell) throws {
    switch contexts.last {
    case .object(_, let row, _, .column(let column)?, _):
      rows[row].cells[column] = cell
    case .list(let table, let parentID, let position):
      guard case .scalar(let column) = layout.tables[table].item else { preconditionFailure("a text in a list of objects") }
      advance(position: position)
      openRow(table, parentID: parentID, position: position)
      var row = rows.removeLast()
      row.cells[column] = cell
      try sink.write(row: row.cells, of: layout.tables[table])
    default:
      preconditionFailure("a value where the layout has no column")
    }
  }

  /// Counts one more item in the current list.
  @usableFromInline mutating func advance(position: Int64) {
    guard case .list(let table, let parentID, _) = contexts.last else { return }
    contexts[contexts.count - 1] = .list(table: table, parentID: parentID, position: position + 1)
  }

  @usableFromInline mutating func openRow(_ table: Int, parentID: String?, position: Int64?) {
    let columns = layout.tables[table].columns
    var cells = [TableCell](repeating: .absent, count: columns.count)
    if let position, columns.count >= 2, columns[1].role == .position {
      cells[0] = parentID.map(TableCell.text) ?? .absent
      cells[1] = .integer(position)
    }
    rows.append(OpenRow(table: table, cells: cells))
  }
}

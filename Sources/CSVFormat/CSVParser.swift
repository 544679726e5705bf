import ReviewCatalog

/// One field as read: its text, whether it was quoted (an empty quoted field
/// is an empty text; an empty unquoted one is no value), and where it starts.
struct CSVCell {
  var text: String
  var quoted: Bool
  var position: SourcePosition
}

/// A record and the line it starts on.
struct CSVRecord {
  var cells: [CSVCell]
  var line: Int
}

/// A place where a CSV file breaks RFC 4180.
struct CSVSyntaxError: Error {
  var position: SourcePosition
  var message: String
}

/// Parses RFC 4180 CSV: fields separated by commas (or the dialect's
/// delimiter), records by CRLF, LF or CR, quoted fields holding anything with
/// `""` for a quote; a UTF-8 byte order mark at the start is skipped.
enum CSVParser {
  /// The delimiter a table was written with, read from its header: the byte
  /// after the first column's name (quoted or not), when it is one of those
  /// the writer writes (comma, semicolon, tab); else a comma.
  static func delimiter(of bytes: [UInt8], firstColumn: String) -> UInt8 {
    var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    let quoted = index < bytes.count && bytes[index] == UInt8(ascii: "\"")
    if quoted { index += 1 }
    let name = Array(firstColumn.utf8)
    guard bytes[index...].starts(with: name) else { return UInt8(ascii: ",") }
    index += name.count
    if quoted {
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return UInt8(ascii: ",") }
      index += 1
    }
    guard index < bytes.count, [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")].contains(bytes[index]) else {
      return UInt8(ascii: ",")
    }
    return bytes[index]
  }

  static func parse(_ bytes: [UInt8], delimiter: UInt8 = UInt8(ascii: ",")) throws(CSVSyntaxError) -> [CSVRecord] {
    var records: [CSVRecord] = []
    var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    var line = 1
    var lineStart = index
    // The column is counted on from the last position asked for, so that a
    // line of many cells costs one pass, not one per cell.
    var counted = (offset: index, column: 1)
    func position(_ offset: Int) -> SourcePosition {
      if counted.offset < lineStart || counted.offset > offset { counted = (lineStart, 1) }
      var column = counted.column
      var i = counted.offset
      while i < offset {
        if bytes[i] & 0xC0 != 0x80 { column += 1 }
        i += 1
      }
      counted = (offset, column)
      return SourcePosition(line: line, column: column)
    }
    func text(_ slice: ArraySlice<UInt8>, at offset: Int) throws(CSVSyntaxError) -> String {
      guard let text = String(validating: slice, as: UTF8.self) else {
        throw CSVSyntaxError(position: position(offset), message: "invalid UTF-8; save the file as UTF-8")
      }
      return text
    }

    while index < bytes.count {
      var cells: [CSVCell] = []
      let recordLine = line
      while true {
        let start = index
        let cellPosition = position(start)
        if index < bytes.count && bytes[index] == UInt8(ascii: "\"") {
          index += 1
          var value: [UInt8] = []
          var closed = false
          while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
              if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"") {
                value.append(byte)
                index += 2
                continue
              }
              index += 1
              closed = true
              break
            }
            if byte == 0x0A || (byte == 0x0D && !(index + 1 < bytes.count && bytes[index + 1] == 0x0A)) {
              value.append(byte)
              index += 1
              line += 1
              lineStart = index
              continue
            }
            value.append(byte)
            index += 1
          }
          guard closed else { throw CSVSyntaxError(position: cellPosition, message: "a quoted field is never closed; add the closing '\"'") }
          cells.append(CSVCell(text: try text(value[...], at: start), quoted: true, position: cellPosition))
          if index < bytes.count && bytes[index] != delimiter && bytes[index] != 0x0A && bytes[index] != 0x0D {
            throw CSVSyntaxError(position: position(index), message: "text after a quoted field's closing quote; quote the whole field")
          }
        } else {
          while index < bytes.count && bytes[index] != delimiter && bytes[index] != 0x0A && bytes[index] != 0x0D {
            if bytes[index] == UInt8(ascii: "\"") {
              throw CSVSyntaxError(position: position(index), message: "a quote inside an unquoted field; quote the whole field and double the quote")
            }
            index += 1
          }
          cells.append(CSVCell(text: try text(bytes[start..<index], at: start), quoted: false, position: cellPosition))
        }
        if index < bytes.count && bytes[index] == delimiter {
          index += 1
          continue
        }
        break
      }
      // The end of the record.
      if index < bytes.count && bytes[index] == 0x0D { index += 1 }
      if index < bytes.count && bytes[index] == 0x0A { index += 1 }
      line += 1
      lineStart = index
      records.append(CSVRecord(cells: cells, line: recordLine))
    }
    return records
  }
}

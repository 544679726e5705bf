import Foundation
import ReviewCatalog
import ReviewExporting

/// Reads a `jsonl` folder back into a catalog: `catalog.jsonl` (one line
/// with `formatVersion` and `catalog`), then `people.jsonl`, `works.jsonl`
/// and `reviews.jsonl`, one object a line, through the same mapping as every
/// other reader. Blank lines are allowed; a line holds one value, nothing
/// after it. Problems name the file, its line and column, and the path.
public struct JSONLinesReader: StreamingCatalogReader {
  /// Creates the reader.
  public init() {}

  /// `jsonl`.
  public var formatName: String { "jsonl" }
  /// `jsonl`: folders named `<name>.jsonl`.
  public var fileExtensions: [String] { ["jsonl"] }
  /// A catalog in this format is a folder.
  public var readsFolders: Bool { true }

  /// The keys of `catalog.jsonl`'s line: the document's, but its lists.
  enum HeaderKey: String, CatalogKey {
    case formatVersion
    case catalog

    static let required: Set<HeaderKey> = [.formatVersion, .catalog]
    static let objectName = "the line of catalog.jsonl"
    static let shape = ObjectShape(HeaderKey.self)
    static let inOrder: [HeaderKey] = allCases
    var value: CatalogValue { Catalog.Key(rawValue: rawValue)!.value }
  }

  /// Reads the folder `source.directory`.
  public func read(_ source: CatalogSource) throws(CatalogError) -> DecodedCatalog {
    guard let directory = source.directory else {
      throw CatalogError([Diagnostic(message: "jsonl reads a folder of JSON Lines files, not a single file")])
    }
    var catalog = Catalog(formatVersion: 0, info: CatalogInfo(id: "", title: ""))
    var problems: [Diagnostic] = []
    var fatal: [Diagnostic] = []
    for (index, name) in JSONLinesExporter.files.enumerated() {
      let path = (directory as NSString).appendingPathComponent(name)
      let bytes: [UInt8]
      do {
        bytes = try Self.contents(of: path, name: name)
      } catch {
        fatal.append(error.diagnostic)
        continue
      }
      let section = index == 0 ? nil : CatalogSection.allCases[index - 1]
      let (found, stop) = Self.read(bytes, section: section, into: &catalog)
      problems += found.map { Self.placed($0, in: path) }
      if let stop { fatal.append(Self.placed(stop, in: path)) }
    }
    guard fatal.isEmpty else { throw CatalogError(problems + fatal) }
    return DecodedCatalog(catalog: catalog, problems: problems)
  }

  /// Reads one file's lines into `catalog`: the header line, or the items of `section`.
  /// Returns the problems, and the syntax error that stopped reading, if one did.
  static func read(_ bytes: [UInt8], section: CatalogSection?, into catalog: inout Catalog) -> ([Diagnostic], Diagnostic?) {
    bytes.withUnsafeBufferPointer { buffer in
      var decoder = JSONValueDecoder(bytes: buffer)
      do {
        guard let section else {
          try decoder.readDocumentStart()
          try decoder.readObject(HeaderKey.self) { d, key in
            try d.readDocumentMember(Catalog.Key(rawValue: key.rawValue)!, into: &catalog)
          }
          try endLine(&decoder, item: "the catalog's line")
          decoder.scanner.skipWhitespace()
          if !decoder.scanner.isAtEnd {
            throw JSONSyntaxError(
              offset: decoder.scanner.offset, message: "catalog.jsonl holds one line; the people, works and reviews have files of their own")
          }
          return (decoder.problems, nil)
        }
        var index = 0
        while true {
          decoder.scanner.skipWhitespace()
          if decoder.scanner.isAtEnd { break }
          decoder.path = [.key(section.key), .index(index)]
          switch try decoder.readItem(of: section) {
          case .person(let person): catalog.people.append(person)
          case .work(let work): catalog.works.append(work)
          case .review(let review): catalog.reviews.append(review)
          }
          try endLine(&decoder, item: "the \(section.itemName)")
          index += 1
        }
        return (decoder.problems, nil)
      } catch let error as JSONSyntaxError {
        return (decoder.problems, Diagnostic(position: decoder.positions.position(of: error.offset, in: buffer), message: error.message))
      } catch {
        return (decoder.problems, Diagnostic(message: "\(error)"))
      }
    }
  }

  /// Checks that the line ends after the value just read.
  static func endLine(_ decoder: inout JSONValueDecoder, item: String) throws {
    let bytes = decoder.scanner.bytes
    var offset = decoder.scanner.offset
    while offset < bytes.count && (bytes[offset] == UInt8(ascii: " ") || bytes[offset] == UInt8(ascii: "\t") || bytes[offset] == UInt8(ascii: "\r")) {
      offset += 1
    }
    guard offset == bytes.count || bytes[offset] == UInt8(ascii: "\n") else {
      throw JSONSyntaxError(offset: offset, message: "expected the end of the line after \(item); JSON Lines holds one value a line")
    }
    decoder.scanner.offset = offset
  }

  static func placed(_ diagnostic: Diagnostic, in path: String) -> Diagnostic {
    var placed = diagnostic
    placed.file = path
    return placed
  }

  private static func contents(of path: String, name: String) throws(JSONLinesFileError) -> [UInt8] {
    var info = stat()
    guard lstat(path, &info) == 0 else {
      throw JSONLinesFileError(
        diagnostic: Diagnostic(
          file: path, message: "missing file \(name); a jsonl folder has \(JSONLinesExporter.files.joined(separator: ", "))"))
    }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      throw JSONLinesFileError(diagnostic: Diagnostic(file: path, message: "\(name) is not a plain file; a jsonl folder holds plain files"))
    }
    guard let bytes = try? MappedFile.readAll(path) else {
      throw JSONLinesFileError(diagnostic: Diagnostic(file: path, message: "cannot read \(name)"))
    }
    return bytes
  }

  /// Opens the folder at `path` to be read part by part, in bounded memory.
  public func openStream(atPath path: String, name: String) throws(CatalogError) -> (any CatalogStream)? {
    try JSONLinesStream.open(directory: path, name: name)
  }

  /// Where the values at `paths` are: their file, line and column.
  public func locate(_ paths: Set<CatalogPath>, in source: CatalogSource) -> [CatalogPath: SourceLocation] {
    guard let directory = source.directory else { return [:] }
    var result: [CatalogPath: SourceLocation] = [:]
    for (index, name) in JSONLinesExporter.files.enumerated() {
      let section = index == 0 ? nil : CatalogSection.allCases[index - 1]
      // The paths in this file, by line (the header's are all on its one line).
      var byLine: [Int: Set<CatalogPath>] = [:]
      for path in paths {
        guard let first = path.components.first else { continue }
        if let section {
          guard first == .key(section.key), path.components.count >= 2, case .index(let line) = path.components[1] else { continue }
          byLine[line, default: []].insert(CatalogPath(Array(path.components.dropFirst(2))))
        } else if first == .key(Catalog.Key.catalog.rawValue) || first == .key(Catalog.Key.formatVersion.rawValue) {
          byLine[0, default: []].insert(path)
        }
      }
      guard !byLine.isEmpty else { continue }
      let file = (directory as NSString).appendingPathComponent(name)
      guard let bytes = try? MappedFile.readAll(file) else { continue }
      bytes.withUnsafeBufferPointer { buffer in
        let starts = Self.lineStarts(buffer)
        // In line order, the lines and columns counted on from one line to the
        // next: the file is counted once, however many lines have problems.
        var positions = SourcePositionCounter()
        for (line, relative) in byLine.sorted(by: { $0.key < $1.key }) where line < starts.count {
          var locator = JSONLocator(bytes: buffer, start: starts[line], positions: positions)
          for (path, position) in locator.locate(relative) {
            let full = section.map { CatalogPath([.key($0.key), .index(line)] + path.components) } ?? path
            result[full] = SourceLocation(file: file, position: position)
          }
          positions = locator.positions
        }
      }
    }
    return result
  }

  /// Where each non-blank line's value starts.
  private static func lineStarts(_ bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
    var starts: [Int] = []
    var offset = 0
    while offset < bytes.count {
      var end = offset
      while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
      if bytes[offset..<end].contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: "\r") }) {
        starts.append(offset)
      }
      offset = end + 1
    }
    return starts
  }

}

/// A problem that stops reading one file.
struct JSONLinesFileError: Error {
  var diagnostic: Diagnostic
}

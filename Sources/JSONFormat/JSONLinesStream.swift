import Foundation
import ReviewCatalog
import ReviewExporting

/// A `jsonl` folder read part by part: the catalog's line, then each line of
/// `people.jsonl`, `works.jsonl` and `reviews.jsonl` in turn, from mapped
/// files whose pages are let go as they are read. It reads with the same
/// decoder and checks as ``JSONLinesReader``, so it reports the same problems.
final class JSONLinesStream: CatalogStream {
  let name: String
  let header: Catalog
  private let directory: String
  /// The people, works and reviews files; `nil` for an empty one.
  private let files: [MappedFile?]
  private var section = 0
  private var index = 0
  private var decoder: JSONValueDecoder?
  private var finished: [Diagnostic] = []
  private let totalBytes: Int
  private var bytesBefore = 0

  /// Opens the folder; `nil` when a file cannot be mapped (the whole-folder
  /// reader then says what is wrong).
  static func open(directory: String, name: String) throws(CatalogError) -> JSONLinesStream? {
    var mapped: [MappedFile?] = []
    for file in JSONLinesExporter.files {
      let path = (directory as NSString).appendingPathComponent(file)
      if let map = MappedFile(path: path) {
        mapped.append(map)
        continue
      }
      var info = stat()
      guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size == 0 else { return nil }
      mapped.append(nil)
    }
    var catalog = Catalog(formatVersion: 0, info: CatalogInfo(id: "", title: ""))
    let headerPath = (directory as NSString).appendingPathComponent(JSONLinesExporter.files[0])
    let bytes = mapped[0].map { Array($0.bytes) } ?? []
    let (problems, stop) = JSONLinesReader.read(bytes, section: nil, into: &catalog)
    let placed = problems.map { JSONLinesReader.placed($0, in: headerPath) }
    if let stop { throw CatalogError(placed + [JSONLinesReader.placed(stop, in: headerPath)]) }
    return JSONLinesStream(name: name, directory: directory, header: catalog, files: Array(mapped.dropFirst()), problems: placed)
  }

  private init(name: String, directory: String, header: Catalog, files: [MappedFile?], problems: [Diagnostic]) {
    self.name = name
    self.directory = directory
    self.header = header
    self.files = files
    self.finished = problems
    totalBytes = files.reduce(0) { $0 + ($1?.bytes.count ?? 0) }
  }

  var problems: [Diagnostic] { finished + (decoder.map { current in current.problems.map { placed($0) } } ?? []) }

  var fractionRead: Double {
    Double(bytesBefore + (decoder?.scanner.offset ?? 0)) / Double(max(totalBytes, 1))
  }

  private func path(of section: Int) -> String {
    (directory as NSString).appendingPathComponent(JSONLinesExporter.files[section + 1])
  }

  private func placed(_ diagnostic: Diagnostic) -> Diagnostic { JSONLinesReader.placed(diagnostic, in: path(of: section)) }

  func next() throws -> CatalogItem? {
    while section < CatalogSection.allCases.count {
      if decoder == nil {
        guard let file = files[section] else {
          section += 1
          continue
        }
        decoder = JSONValueDecoder(bytes: file.bytes)
        index = 0
      }
      let kind = CatalogSection.allCases[section]
      do {
        decoder!.scanner.skipWhitespace()
        if !decoder!.scanner.isAtEnd {
          decoder!.path = [.key(kind.key), .index(index)]
          let item = try decoder!.readItem(of: kind)
          try JSONLinesReader.endLine(&decoder!, item: "the \(kind.itemName)")
          index += 1
          return item
        }
      } catch let error as JSONSyntaxError {
        var current = decoder!
        let syntax = Diagnostic(position: current.positions.position(of: error.offset, in: current.scanner.bytes), message: error.message)
        throw CatalogError(problems + [placed(syntax)])
      }
      finished += decoder!.problems.map { placed($0) }
      bytesBefore += files[section]?.bytes.count ?? 0
      decoder = nil
      section += 1
    }
    return nil
  }

  func releaseConsumedInput() {
    guard let decoder, section < files.count else { return }
    files[section]?.release(before: decoder.scanner.offset)
  }

  func locate(_ paths: Set<CatalogPath>) -> [CatalogPath: SourceLocation] {
    JSONLinesReader().locate(paths, in: CatalogSource(directory: directory))
  }
}

import Foundation
import ReviewCatalog

/// Joins the shards of an export (``ShardExporter``) into the outputs a
/// single export of the whole catalog gives, byte for byte.
///
/// The shards are checked first: all of one export (the same catalog, shard
/// count, formats and options), each exactly once, none missing, each
/// complete. Then every output is written in one pass over the catalog's
/// reviews, copying each review's bytes from its shard, and committed as an
/// export commits: together, atomically, unchanged files left alone.
public struct ShardMerge {
  /// The formats the shards may be in.
  public let formats: FormatRegistry

  /// A merge of shards written in formats of `formats`.
  public init(formats: FormatRegistry) {
    self.formats = formats
  }

  /// The shards found at `paths`: each a shard's folder, or a folder holding
  /// shards' folders (`<name>.shard-I-of-N`).
  ///
  /// - Throws: ``ExportError`` for a path that is neither.
  public static func shardFolders(at paths: [String]) throws -> [String] {
    var folders: [String] = []
    for path in paths {
      if FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent(ShardManifest.fileName)) {
        folders.append(path)
        continue
      }
      let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
      let shards = names.filter { $0.range(of: #"\.shard-[0-9]+-of-[0-9]+$"#, options: .regularExpression) != nil }.sorted()
      guard !shards.isEmpty else {
        throw ExportError("\(path) is not a shard's folder (it has no \(ShardManifest.fileName)) and holds none")
      }
      folders += shards.map { (path as NSString).appendingPathComponent($0) }
    }
    return folders
  }

  /// Merges the shards in `shardFolders` into `folder`, as
  /// `<name>.<extension>` for each format.
  ///
  /// - Parameters:
  ///   - name: The outputs' name; the one the shards were exported with when `nil`.
  ///   - durable: Whether outputs reach the disk before they are committed.
  /// - Returns: One result per format, in the shards' order of formats.
  /// - Throws: ``ExportError`` saying what is wrong with the set of shards,
  ///   or why an output cannot be written; nothing is written then.
  public func merge(
    _ shardFolders: [String], into folder: String, name: String? = nil, mode: ExportJob.Mode = .write, durable: Bool = true
  ) throws -> [ExportJob.Result] {
    let shards = try checkedShards(shardFolders)
    let head = shards[0].manifest
    let requests = try head.formats.map { format -> ExportJob.Request in
      guard let exporter = formats.exporter(named: format.name) else {
        throw ExportError("the shards are in \(format.name), which this review-export does not know")
      }
      return ExportJob.Request(
        exporter: exporter, options: ExportOptions(),
        destination: (folder as NSString).appendingPathComponent("\(name ?? head.name).\(exporter.format.fileExtension)"))
    }
    return try ExportJob.writeTogether(requests, mode: mode, durable: durable) { outputs in
      try write(shards, to: outputs)
    }
  }

  /// A shard's manifest and mapped files.
  struct Shard {
    let folder: String
    let manifest: ShardManifest
    /// For each format, for each of its files, the reviews file.
    let reviews: [[ShardFile]]
    let index: ShardFile
  }

  /// Reads every shard's manifest and checks that they make one export.
  func checkedShards(_ folders: [String]) throws -> [Shard] {
    guard !folders.isEmpty else { throw ExportError("no shards to merge") }
    var shards: [Shard] = []
    for folder in folders {
      let path = (folder as NSString).appendingPathComponent(ShardManifest.fileName)
      let manifest: ShardManifest
      do {
        manifest = try JSONDecoder().decode(ShardManifest.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
      } catch {
        throw ExportError("\(path) cannot be read as a shard's manifest: \(error)")
      }
      guard manifest.layout == ShardManifest.currentLayout else {
        throw ExportError(
          "\(folder) was written by another version of review-export (shard layout \(manifest.layout), this one reads \(ShardManifest.currentLayout)); export it again"
        )
      }
      func mapped(_ name: String) throws -> ShardFile {
        try ShardFile(path: (folder as NSString).appendingPathComponent(name))
      }
      let reviews = try manifest.formats.map { format in
        try format.files.map { try mapped(ShardManifest.path(format: format.name, kind: "reviews", file: $0.name)) }
      }
      shards.append(Shard(folder: folder, manifest: manifest, reviews: reviews, index: try mapped(ShardManifest.indexFileName)))
    }
    shards.sort { $0.manifest.shard < $1.manifest.shard }
    let first = shards[0].manifest
    for shard in shards {
      let manifest = shard.manifest
      guard manifest.shards == first.shards else {
        throw ExportError(
          "\(shard.folder) is shard \(manifest.shard) of \(manifest.shards), \(shards[0].folder) of \(first.shards): they are not shards of one export")
      }
      guard manifest.catalog == first.catalog else {
        throw ExportError("\(shard.folder) and \(shards[0].folder) were exported from different catalogs (or versions of one)")
      }
      func framing(_ manifest: ShardManifest) -> [[String]] {
        manifest.formats.map { format in
          [format.name] + format.options + format.files.flatMap { [$0.name, $0.beforeFirst.base64EncodedString(), $0.beforeOthers.base64EncodedString()] }
        }
      }
      guard framing(manifest) == framing(first) else {
        throw ExportError("\(shard.folder) and \(shards[0].folder) were exported in different formats or with different options")
      }
    }
    for (position, shard) in shards.enumerated() where shard.manifest.shard != position {
      if shard.manifest.shard < position {
        throw ExportError("shard \(shard.manifest.shard) of \(first.shards) is given twice (\(shards[position - 1].folder), \(shard.folder))")
      }
      throw ExportError("shard \(position) of \(first.shards) is missing: export it with --shard \(position)/\(first.shards)")
    }
    guard shards.count == first.shards else {
      throw ExportError("shard \(shards.count) of \(first.shards) is missing: export it with --shard \(shards.count)/\(first.shards)")
    }
    let held = shards.reduce(0) { $0 + $1.manifest.reviews }
    guard held == first.catalog.reviews else {
      throw ExportError("the shards hold \(held) reviews, the catalog has \(first.catalog.reviews); export the shards again")
    }
    guard first.formats.allSatisfy({ $0.files.allSatisfy { $0.headLength != nil && $0.tail != nil } }),
      shards.dropFirst().allSatisfy({ $0.manifest.formats.allSatisfy { $0.files.allSatisfy { $0.headLength == nil } } })
    else {
      throw ExportError("\(shards[0].folder) has no head; it must be shard 0 as review-export writes it")
    }
    return shards
  }

  /// Writes every output in one pass over the reviews, in catalog order.
  func write(_ shards: [Shard], to outputs: [ExportDestination]) throws {
    let head = shards[0].manifest
    let formats = head.formats
    // The output's files, per format, in the order of the manifest.
    var sinks: [[ByteSink]] = []
    for (format, output) in zip(formats, outputs) {
      sinks.append(try format.files.map { $0.name.isEmpty ? output.sink : try output.member(named: $0.name) })
    }
    let heads = try formats.map { format in
      try format.files.map { file in
        try ShardFile(path: (shards[0].folder as NSString).appendingPathComponent(ShardManifest.path(format: format.name, kind: "head", file: file.name)))
      }
    }
    let total = head.catalog.reviews
    for (f, format) in formats.enumerated() {
      for (i, file) in format.files.enumerated() {
        let bytes = heads[f][i].bytes
        guard file.headLength! <= bytes.count else {
          throw ExportError("\(shards[0].folder): its \(format.name) head is shorter than its manifest says; export shard 0 again")
        }
        try sinks[f][i].write(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[..<(total == 0 ? bytes.count : file.headLength!)])))
      }
    }
    if total > 0 {
      let lengthsPerEntry = formats.reduce(0) { $0 + $1.files.count }
      var readers = shards.map { ShardIndex.Reader($0.index.bytes, lengthsPerEntry: lengthsPerEntry) }
      var offsets = shards.map { shard in shard.manifest.formats.map { $0.files.map(\.reviewsStart) } }
      var lengths = Array(repeating: Array(repeating: 0, count: lengthsPerEntry), count: shards.count)
      /// The next entry of shard `s`'s index: its review's place, `Int.max` after the last.
      func advance(_ s: Int) throws -> Int {
        guard !readers[s].isAtEnd else { return Int.max }
        do {
          return try readers[s].next(lengths: &lengths[s])
        } catch {
          throw ExportError("\(shards[s].folder)/\(ShardManifest.indexFileName): \(error); export the shard again")
        }
      }
      var next = try shards.indices.map(advance)
      for place in 0..<total {
        guard let s = next.firstIndex(of: place) else {
          throw ExportError("no shard holds review \(place) of the catalog; export the shards again")
        }
        var column = 0
        for (f, format) in formats.enumerated() {
          for i in format.files.indices {
            let length = lengths[s][column]
            column += 1
            let start = offsets[s][f][i]
            let bytes = shards[s].reviews[f][i].bytes
            guard start + length <= bytes.count else {
              throw ExportError("\(shards[s].folder) is shorter than its index says; export it again")
            }
            var review = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<(start + length)]))
            // Each shard writes its first review as a document's first; the
            // merged document has one first review.
            let written = offsets[s][f][i] == shards[s].manifest.formats[f].files[i].reviewsStart
            if written != (place == 0) && length > 0 {
              let file = format.files[i]
              let (was, becomes) = written ? (file.beforeFirst, file.beforeOthers) : (file.beforeOthers, file.beforeFirst)
              guard review.starts(with: was) else {
                throw ExportError("\(shards[s].folder): its \(format.name) reviews are not written as its manifest says; export it again")
              }
              review = UnsafeRawBufferPointer(rebasing: review[was.count...])
              try sinks[f][i].write(becomes)
            }
            try sinks[f][i].write(review)
            offsets[s][f][i] = start + length
          }
        }
        next[s] = try advance(s)
      }
      if let extra = next.firstIndex(where: { $0 != Int.max }) {
        throw ExportError("\(shards[extra].folder) holds a review beyond the catalog's \(total); export it again")
      }
      for (f, format) in formats.enumerated() {
        for (i, file) in format.files.enumerated() {
          try sinks[f][i].write(file.tail ?? Data())
        }
      }
    }
  }
}

/// A file of a shard, mapped into memory (or empty).
final class ShardFile {
  private let mapped: MappedFile?
  /// The file's bytes.
  var bytes: UnsafeBufferPointer<UInt8> { mapped?.bytes ?? UnsafeBufferPointer(start: nil, count: 0) }

  /// Maps the file at `path`.
  ///
  /// - Throws: ``ExportError`` when there is no such file or it cannot be read.
  init(path: String) throws {
    mapped = MappedFile(path: path)
    if mapped == nil {
      let attributes = try? FileManager.default.attributesOfItem(atPath: path)
      guard attributes?[.type] as? FileAttributeType == .typeRegular, (attributes?[.size] as? Int) == 0 else {
        throw ExportError("\(path) is missing or cannot be read; export the shard again")
      }
    }
  }
}

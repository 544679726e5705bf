import Foundation
import ReviewCatalog

/// Joins the shards of an export (``ShardExporter``) into the outputs a
/// single export of the whole catalog gives, byte for byte.
///
/// The shards are checked first: all of one export (the same catalog, shard
/// count, formats and options), each exactly once, none missing, each
/// complete. Then each format's output is written in one pass over the
/// catalog's reviews, copying each review's bytes from its shard (the
/// formats side by side), and the outputs are committed as an export's are:
/// together, atomically, unchanged files left alone.
public struct ShardMerge {
  /// The formats the shards may be in.
  public let formats: FormatRegistry

  /// A merge of shards written in formats of `formats`.
  public init(formats: FormatRegistry) {
    self.formats = formats
  }

  /// The shards found at `paths`: each a shard's folder
  /// (`<name>.shard-I-of-N`), or a folder holding shards' folders.
  ///
  /// - Throws: ``ExportError`` for a path that is neither.
  public static func shardFolders(at paths: [String]) throws -> [String] {
    var folders: [String] = []
    for path in paths {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
      if names.contains(where: { isPart((path as NSString).appendingPathComponent($0)) }) {
        folders.append(path)
        continue
      }
      let shards = names.filter { $0.range(of: #"\.shard-[0-9]+-of-[0-9]+$"#, options: .regularExpression) != nil }.sorted()
      guard !shards.isEmpty else {
        throw ExportError("\(path) is not a shard's folder (none of its folders has a \(ShardManifest.fileName)) and holds none")
      }
      folders += shards.map { (path as NSString).appendingPathComponent($0) }
    }
    return folders
  }

  /// Whether `folder` is a format's part of a shard: it has a manifest.
  static func isPart(_ folder: String) -> Bool {
    FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(ShardManifest.fileName))
  }

  /// Merges the shards in `shardFolders` into `folder`, as
  /// `<name>.<extension>` for each format.
  ///
  /// - Parameters:
  ///   - shardFolders: The shards' folders (``shardFolders(at:)``), each once.
  ///   - folder: Where the outputs go; created if missing.
  ///   - name: The outputs' name; the one the shards were exported with when `nil`.
  ///   - mode: ``ExportJob/Mode/write`` writes what changed; ``ExportJob/Mode/check`` only compares.
  ///   - durable: Whether outputs reach the disk before they are committed.
  /// - Returns: One result per format, in the order of the formats' names.
  /// - Throws: ``ExportError`` saying what is wrong with the set of shards,
  ///   or why an output cannot be written; nothing is written then.
  public func merge(
    _ shardFolders: [String], into folder: String, name: String? = nil, mode: ExportJob.Mode = .write, durable: Bool = true
  ) throws -> [ExportJob.Result] {
    guard !shardFolders.isEmpty else { throw ExportError("no shards to merge") }
    // Each shard's parts, by format.
    var byFormat: [String: [String]] = [:]
    for shard in shardFolders {
      let names = ((try? FileManager.default.contentsOfDirectory(atPath: shard)) ?? []).filter {
        Self.isPart((shard as NSString).appendingPathComponent($0))
      }
      guard !names.isEmpty else { throw ExportError("\(shard) is not a shard's folder: none of its folders has a \(ShardManifest.fileName)") }
      for name in names { byFormat[name, default: []].append((shard as NSString).appendingPathComponent(name)) }
    }
    let names = byFormat.keys.sorted()
    for name in names where byFormat[name]!.count != shardFolders.count {
      let without = shardFolders.filter { !byFormat[name]!.contains(($0 as NSString).appendingPathComponent(name)) }
      throw ExportError("\(without[0]) has no \(name) part, other shards have one: export the shards in the same formats")
    }
    let formats = try names.map { try checkedParts(byFormat[$0]!) }
    let catalogs = formats.map { $0[0].manifest.catalog }
    guard catalogs.allSatisfy({ $0 == catalogs[0] }) else {
      throw ExportError("the shards' formats were exported from different catalogs (or versions of one)")
    }
    let requests = try formats.map { parts -> ExportJob.Request in
      let manifest = parts[0].manifest
      guard let exporter = self.formats.exporter(named: manifest.format.name) else {
        throw ExportError("the shards are in \(manifest.format.name), which this review-export does not know")
      }
      return ExportJob.Request(
        exporter: exporter, options: ExportOptions(),
        destination: (folder as NSString).appendingPathComponent("\(name ?? manifest.name).\(exporter.format.fileExtension)"))
    }
    return try ExportJob.writeTogether(requests, mode: mode, durable: durable) { outputs in
      // The formats side by side, each on its own thread.
      let work = MergeWork(formats: formats, outputs: outputs)
      DispatchQueue.concurrentPerform(iterations: formats.count) { work.run($0) }
      if let failure = work.failures.compactMap({ $0 }).first { throw failure }
    }
  }

  /// One format's part of a shard: its manifest and mapped files.
  struct Part {
    let folder: String
    let manifest: ShardManifest
    /// For each of the format's files, the reviews file.
    let reviews: [ShardFile]
    let index: ShardFile
  }

  /// Reads the parts of one format, one from each shard, and checks that they make one export.
  func checkedParts(_ folders: [String]) throws -> [Part] {
    var parts: [Part] = []
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
      let reviews = try manifest.format.files.map { try mapped(ShardManifest.path(kind: "reviews", file: $0.name)) }
      // A manifest is input like any other: its numbers are checked before they are used.
      let sane =
        manifest.shards >= 1 && (0..<manifest.shards).contains(manifest.shard) && manifest.reviews >= 0
        && manifest.catalog.reviews >= 0 && manifest.catalog.people >= 0 && manifest.catalog.works >= 0
        && zip(manifest.format.files, reviews).allSatisfy { file, bytes in
          (0...bytes.bytes.count).contains(file.reviewsStart) && (file.headLength ?? 0) >= 0
        }
      guard sane else { throw ExportError("\(path) holds numbers no export writes (damaged?); export the shard again") }
      parts.append(Part(folder: folder, manifest: manifest, reviews: reviews, index: try mapped(ShardManifest.indexFileName)))
    }
    parts.sort { $0.manifest.shard < $1.manifest.shard }
    let first = parts[0].manifest
    let shard = { (part: Part) in (part.folder as NSString).deletingLastPathComponent }
    for part in parts {
      let manifest = part.manifest
      guard manifest.shards == first.shards else {
        throw ExportError(
          "\(shard(part)) is shard \(manifest.shard) of \(manifest.shards), \(shard(parts[0])) of \(first.shards): they are not shards of one export")
      }
      guard manifest.catalog == first.catalog else {
        throw ExportError("\(shard(part)) and \(shard(parts[0])) were exported from different catalogs (or versions of one)")
      }
      func framing(_ format: ShardManifest.Format) -> [String] {
        [format.name] + format.options + format.files.flatMap { [$0.name, $0.beforeFirst.base64EncodedString(), $0.beforeOthers.base64EncodedString()] }
      }
      guard framing(manifest.format) == framing(first.format) else {
        throw ExportError("\(shard(part)) and \(shard(parts[0])) were exported in different formats or with different options (\(manifest.format.name))")
      }
    }
    for (position, part) in parts.enumerated() where part.manifest.shard != position {
      if part.manifest.shard < position {
        throw ExportError("shard \(part.manifest.shard) of \(first.shards) is given twice (\(shard(parts[position - 1])), \(shard(part)))")
      }
      throw ExportError("shard \(position) of \(first.shards) is missing: export it with --shard \(position)/\(first.shards)")
    }
    guard parts.count == first.shards else {
      throw ExportError("shard \(parts.count) of \(first.shards) is missing: export it with --shard \(parts.count)/\(first.shards)")
    }
    let held = parts.reduce(0) { $0 + $1.manifest.reviews }
    guard held == first.catalog.reviews else {
      throw ExportError("the shards hold \(held) reviews, the catalog has \(first.catalog.reviews); export the shards again")
    }
    guard first.format.files.allSatisfy({ $0.headLength != nil && $0.tail != nil }),
      parts.dropFirst().allSatisfy({ $0.manifest.format.files.allSatisfy { $0.headLength == nil } })
    else {
      throw ExportError("\(shard(parts[0])) has no head, or another shard has one; export the shards again")
    }
    return parts
  }

  /// Writes one format's output in one pass over the reviews, in catalog order.
  static func write(_ parts: [Part], to output: ExportDestination) throws {
    let head = parts[0].manifest
    let files = head.format.files
    let sinks = try files.map { $0.name.isEmpty ? output.sink : try output.member(named: $0.name) }
    let total = head.catalog.reviews
    for (i, file) in files.enumerated() {
      let headFile = try ShardFile(path: (parts[0].folder as NSString).appendingPathComponent(ShardManifest.path(kind: "head", file: file.name)))
      let bytes = headFile.bytes
      guard file.headLength! <= bytes.count else {
        throw ExportError("\(parts[0].folder): its head is shorter than its manifest says; export shard 0 again")
      }
      try sinks[i].write(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[..<(total == 0 ? bytes.count : file.headLength!)])))
    }
    guard total > 0 else { return }
    var readers = parts.map { ShardIndex.Reader($0.index.bytes, lengthsPerEntry: files.count) }
    var offsets = parts.map { $0.manifest.format.files.map(\.reviewsStart) }
    var lengths = Array(repeating: Array(repeating: 0, count: files.count), count: parts.count)
    /// The next entry of part `s`'s index: its review's place, `nil` after the last.
    func advance(_ s: Int) throws -> Int? {
      guard !readers[s].isAtEnd else { return nil }
      let place: Int
      do {
        place = try readers[s].next(lengths: &lengths[s])
      } catch {
        throw ExportError("\(parts[s].folder)/\(ShardManifest.indexFileName): \(error); export the shard again")
      }
      guard place < total else {
        throw ExportError("\(parts[s].folder) holds a review beyond the catalog's \(total); export it again")
      }
      return place
    }
    var next = try parts.indices.map(advance)
    for place in 0..<total {
      guard let s = next.firstIndex(of: place) else {
        throw ExportError("no shard holds review \(place) of the catalog; export the shards again")
      }
      for (i, file) in files.enumerated() {
        let length = lengths[s][i]
        let start = offsets[s][i]
        let bytes = parts[s].reviews[i].bytes
        guard length <= bytes.count - start else {
          throw ExportError("\(parts[s].folder) is shorter than its index says; export it again")
        }
        var review = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<(start + length)]))
        // Each shard writes its first review as a document's first; the
        // merged document has one first review.
        let written = start == parts[s].manifest.format.files[i].reviewsStart
        if written != (place == 0) && length > 0 {
          let (was, becomes) = written ? (file.beforeFirst, file.beforeOthers) : (file.beforeOthers, file.beforeFirst)
          guard review.starts(with: was) else {
            throw ExportError("\(parts[s].folder): its reviews are not written as its manifest says; export it again")
          }
          review = UnsafeRawBufferPointer(rebasing: review[was.count...])
          try sinks[i].write(becomes)
        }
        try sinks[i].write(review)
        offsets[s][i] = start + length
      }
      next[s] = try advance(s)
      // What was copied need not stay in memory.
      if place % 4096 == 4095 {
        for s in parts.indices {
          for i in files.indices { parts[s].reviews[i].release(before: offsets[s][i]) }
        }
      }
    }
    if let extra = next.firstIndex(where: { $0 != nil }) {
      throw ExportError("\(parts[extra].folder) holds a review another shard holds; export the shards again")
    }
    for (i, file) in files.enumerated() { try sinks[i].write(file.tail ?? Data()) }
  }
}

/// The formats of one merge, written side by side: each thread writes one
/// format's output and its own slot of `failures`.
private final class MergeWork: @unchecked Sendable {
  let formats: [[ShardMerge.Part]]
  let outputs: [ExportDestination]
  private let lock = NSLock()
  private(set) var failures: [Error?]

  init(formats: [[ShardMerge.Part]], outputs: [ExportDestination]) {
    self.formats = formats
    self.outputs = outputs
    failures = Array(repeating: nil, count: formats.count)
  }

  func run(_ index: Int) {
    do {
      try ShardMerge.write(formats[index], to: outputs[index])
    } catch {
      lock.lock()
      failures[index] = error
      lock.unlock()
    }
  }
}

/// A file of a shard, mapped into memory (or empty).
final class ShardFile {
  private let mapped: MappedFile?
  /// The file's bytes.
  var bytes: UnsafeBufferPointer<UInt8> { mapped?.bytes ?? UnsafeBufferPointer(start: nil, count: 0) }

  /// Lets the system drop the pages before `offset` (``MappedFile/release(before:)``).
  func release(before offset: Int) {
    mapped?.release(before: offset)
  }

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

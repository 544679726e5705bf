import Foundation
import ReviewCatalog

/// Writes one shard of an export in several formats into one folder,
/// `<name>.shard-I-of-N/`, for ``ShardMerge`` to join with the other shards'
/// into the bytes a single export gives.
///
/// The folder holds, for each format, a reviews file (`json.reviews`, or
/// `jsonl.reviews.reviews.jsonl` and so on for a folder format): the shard's
/// reviews, each as it stands inside the whole document; `index`, where each
/// review came in the catalog and how long it is in each file
/// (``ShardIndex``); and `shard.json`. Shard 0 also writes each format's
/// head file (`json.head`): the catalog with its people and works and no
/// reviews. Every shard reads and validates the whole catalog, so every
/// shard reports every problem, and none writes anything for an invalid one.
///
/// A reviews file is the format's document of a catalog with no people or
/// works and only the shard's reviews: for `jsonl` and a header-less `csv`,
/// the shards' reviews files can simply be concatenated (in another order
/// than the catalog's; `merge` restores it).
public struct ShardExporter: StreamingExporter {
  /// The shard to write.
  public let shard: CatalogShard
  /// The outputs' name, before their extensions, recorded for the merge.
  public let name: String
  /// The formats, each with its checked options.
  public let formats: [(exporter: any SplittableExporter, options: ExportOptions)]

  /// The shard `shard` of an export named `name` in `formats`.
  public init(shard: CatalogShard, name: String, formats: [(exporter: any SplittableExporter, options: ExportOptions)]) {
    self.shard = shard
    self.name = name
    self.formats = formats
  }

  /// A folder named after the shard.
  public var format: FormatDescriptor {
    FormatDescriptor(
      name: "shard \(shard)", fileExtension: "shard-\(shard.index)-of-\(shard.count)", mediaType: "application/octet-stream",
      summary: "Shard \(shard) of an export in \(formats.map(\.exporter.format.name).joined(separator: ", ")), for review-export merge.",
      layout: .directory)
  }

  /// Starts every format's writers.
  public func begin(_ catalog: Catalog, to output: ExportDestination) throws -> any CatalogWriter {
    var lanes: [ShardLane] = []
    for (exporter, options) in formats {
      lanes.append(try ShardLane(exporter: exporter, options: options, header: catalog, shard: shard, in: output))
    }
    return try ShardWriter(exporter: self, lanes: lanes, header: catalog, output: output)
  }

  /// The review written twice into the probe of each format, to see what
  /// comes before a first review and before the others: what it looks like
  /// does not matter.
  static let placeholder = Review(
    id: "placeholder", work: "placeholder", critic: "placeholder", published: "2000-01-01", headline: "placeholder", body: "placeholder")
}

/// One format's writers in a shard.
struct ShardLane {
  let exporter: any SplittableExporter
  let options: ExportOptions
  let joins: Bool
  var reviews: any SplittableCatalogWriter
  let reviewsOutput: ExportDestination
  var head: (any SplittableCatalogWriter)?
  let headOutput: ExportDestination?
  /// The files' sizes after the last review written.
  var sizes: [Int] = []
  var reviewsStart: [Int] = []
  var headLengths: [Int] = []
  var started = false

  init(exporter: any SplittableExporter, options: ExportOptions, header: Catalog, shard: CatalogShard, in output: ExportDestination) throws {
    self.exporter = exporter
    self.options = options
    self.joins = exporter.joinsPeopleAndWorks(with: options)
    let name = exporter.format.name
    let layout = exporter.format.layout
    reviewsOutput = try ExportDestination(within: output, prefix: "\(name).reviews", layout: layout, options: options)
    reviews = try exporter.beginSplittable(header, to: reviewsOutput)
    if shard.writesHead {
      let headOutput = try ExportDestination(within: output, prefix: "\(name).head", layout: layout, options: options)
      self.headOutput = headOutput
      head = try exporter.beginSplittable(header, to: headOutput)
    } else {
      headOutput = nil
    }
  }

  mutating func write(_ person: Person) throws {
    try head?.write(person)
    if joins { try reviews.write(person) }
  }

  mutating func write(_ work: Work) throws {
    try head?.write(work)
    if joins { try reviews.write(work) }
  }

  /// Ends the head, and starts the reviews in the reviews file.
  mutating func startReviews() throws {
    started = true
    if var head {
      try head.startReviews()
      try head.flush()
      headLengths = headOutput!.fileSizes
      try head.finish()
      self.head = nil
    }
    try reviews.startReviews()
    try reviews.flush()
    sizes = reviewsOutput.fileSizes
    reviewsStart = sizes
  }

  /// Writes one of the shard's reviews and appends its length in each file to `entry`.
  ///
  /// `place` is the review's index in the catalog, `local` its index among
  /// the shard's reviews, which is what the format's own messages count.
  mutating func write(_ review: Review, place: Int, local: Int, entry: inout [UInt8]) throws {
    do {
      try reviews.write(review)
      try reviews.flush()
    } catch {
      let message = "\(error)"
      let counted = "reviews[\(local)]"
      throw ExportError(
        message.hasPrefix(counted) ? "reviews[\(place)]" + message.dropFirst(counted.count) : "review '\(review.id)': " + message)
    }
    let now = reviewsOutput.fileSizes
    guard now.count == sizes.count else {
      throw ExportError("\(exporter.format.name) made a file after its first review, so it cannot be written in shards")
    }
    for (after, before) in zip(now, sizes) { ShardIndex.append(after - before, to: &entry) }
    sizes = now
  }

  mutating func finish() throws {
    if !started { try startReviews() }
    try reviews.finish()
  }

  /// What goes around the reviews in each file, found by writing a
  /// placeholder review twice into memory.
  func framing(header: Catalog) throws -> [(beforeFirst: [UInt8], beforeOthers: [UInt8], tail: [UInt8])] {
    let memory =
      exporter.format.layout == .file
      ? ExportDestination(sink: .memory(), options: options) : ExportDestination(directory: nil, options: options)
    var writer = try exporter.beginSplittable(header, to: memory)
    try writer.startReviews()
    try writer.flush()
    let start = memory.fileSizes
    try writer.write(ShardExporter.placeholder)
    try writer.flush()
    let first = memory.fileSizes
    try writer.write(ShardExporter.placeholder)
    try writer.flush()
    let second = memory.fileSizes
    try writer.finish()
    let files = memory.members.isEmpty ? [memory.sink] : memory.members.map(\.sink)
    for file in files { try file.flush() }
    guard files.count == start.count else {
      throw ExportError("\(exporter.format.name) made a file after its first review, so it cannot be written in shards")
    }
    return files.indices.map { index in
      let bytes = files[index].bytes
      let once = Array(bytes[start[index]..<first[index]])
      let again = Array(bytes[first[index]..<second[index]])
      // The placeholder's own bytes end both; what precedes them differs.
      var common = 0
      while common < once.count && common < again.count && once[once.count - 1 - common] == again[again.count - 1 - common] {
        common += 1
      }
      return (Array(once.dropLast(common)), Array(again.dropLast(common)), Array(bytes[second[index]...]))
    }
  }

  /// The names of the files, `""` for a file format's one file.
  var fileNames: [String] {
    exporter.format.layout == .file ? [""] : reviewsOutput.members.map { String($0.name) }
  }
}

/// Hands each part to every format's writers, and writes the index and manifest.
struct ShardWriter: CatalogWriter {
  let exporter: ShardExporter
  var lanes: [ShardLane]
  let header: Catalog
  let output: ExportDestination
  let indexSink: ByteSink
  var fingerprint = FNV1a()
  var counts = (people: 0, works: 0, reviews: 0)
  var held = 0
  var lastPlace = -1
  var entry: [UInt8] = []

  init(exporter: ShardExporter, lanes: [ShardLane], header: Catalog, output: ExportDestination) throws {
    self.exporter = exporter
    self.lanes = lanes
    self.header = header
    self.output = output
    // Made after the formats' files, and written as the reviews pass.
    indexSink = try output.member(named: ShardManifest.indexFileName)
    fingerprint.add(header.info.id)
    fingerprint.add(0)
  }

  mutating func write(_ person: Person) throws {
    counts.people += 1
    fingerprint.add(person.id)
    fingerprint.add(1)
    for index in lanes.indices { try inLane(index) { try $0.write(person) } }
  }

  mutating func write(_ work: Work) throws {
    counts.works += 1
    fingerprint.add(work.id)
    fingerprint.add(2)
    for index in lanes.indices { try inLane(index) { try $0.write(work) } }
  }

  mutating func write(_ review: Review) throws {
    let place = counts.reviews
    counts.reviews += 1
    fingerprint.add(review.id)
    fingerprint.add(3)
    if counts.reviews == 1 {
      for index in lanes.indices { try inLane(index) { try $0.startReviews() } }
    }
    guard exporter.shard.holds(review) else { return }
    var entry = self.entry
    entry.removeAll(keepingCapacity: true)
    ShardIndex.append(place - lastPlace - 1, to: &entry)
    lastPlace = place
    let local = held
    for index in lanes.indices { try inLane(index) { try $0.write(review, place: place, local: local, entry: &entry) } }
    try entry.withUnsafeBytes { try indexSink.write($0) }
    self.entry = entry
    held += 1
  }

  /// Runs `body` on a format's lane, its errors prefixed with the format's name.
  private mutating func inLane(_ index: Int, _ body: (inout ShardLane) throws -> Void) throws {
    do {
      try body(&lanes[index])
    } catch {
      throw ExportError("\(lanes[index].exporter.format.name): \(error)")
    }
  }

  /// Runs `body` on a lane, its errors prefixed with the format's name.
  private func inLane<T>(_ lane: ShardLane, _ body: (ShardLane) throws -> T) throws -> T {
    do {
      return try body(lane)
    } catch {
      throw ExportError("\(lane.exporter.format.name): \(error)")
    }
  }

  mutating func finish() throws {
    for index in lanes.indices { try inLane(index) { try $0.finish() } }
    var formats: [ShardManifest.Format] = []
    for lane in lanes {
      let names = lane.fileNames
      let framing = try inLane(lane) { try $0.framing(header: header) }
      guard framing.count == names.count else {
        throw ExportError("\(lane.exporter.format.name) writes different files from one export to the next, so it cannot be written in shards")
      }
      var files = names.indices.map { index in
        ShardManifest.File(
          name: names[index], reviewsStart: lane.reviewsStart[index], beforeFirst: Data(framing[index].beforeFirst),
          beforeOthers: Data(framing[index].beforeOthers))
      }
      for index in files.indices {
        if exporter.shard.writesHead {
          files[index].headLength = lane.headLengths[index]
          files[index].tail = Data(framing[index].tail)
        }
      }
      formats.append(ShardManifest.Format(name: lane.exporter.format.name, options: lane.options.manifestForm, files: files))
    }
    let manifest = ShardManifest(
      layout: ShardManifest.currentLayout, shard: exporter.shard.index, shards: exporter.shard.count, name: exporter.name,
      catalog: ShardManifest.CatalogSummary(
        people: counts.people, works: counts.works, reviews: counts.reviews,
        fingerprint: String(fingerprint.value, radix: 16)),
      reviews: held, formats: formats)
    let sink = try output.member(named: ShardManifest.fileName)
    try sink.write(Array(try manifest.encoded()))
  }
}

import Foundation
import ReviewCatalog

/// Writes one format's part of one shard of an export, a folder
/// `<name>.shard-I-of-N/<format>/`, for ``ShardMerge`` to join with the other
/// shards' into the bytes a single export gives.
///
/// The folder holds `reviews` (or, for a folder format, `reviews.<file>` for
/// each of its files): the format's document of a catalog with no people or
/// works and only the shard's reviews, so that for `jsonl` and a header-less
/// `csv` the shards' reviews files can simply be concatenated (in another
/// order than the catalog's; `merge` restores it); `index`, where each review
/// came in the catalog and how long it is in each file (see docs/sharding.md); and
/// `shard.json`. Shard 0 also writes `head` (`head.<file>`): the catalog with
/// its people and works and no reviews. Every shard reads and validates the
/// whole catalog, so every shard reports every problem, and none writes
/// anything for an invalid one.
///
/// Each format of a shard is an output of its own, so that the formats are
/// written side by side as in any export, and committed together.
public struct ShardExporter: StreamingExporter {
  /// The shard to write.
  public let shard: CatalogShard
  /// The outputs' name, before their extensions, recorded for the merge.
  public let name: String
  /// The format's exporter.
  public let exporter: any SplittableExporter

  /// The part of shard `shard`, of an export named `name`, in `exporter`'s format.
  public init(shard: CatalogShard, name: String, exporter: any SplittableExporter) {
    self.shard = shard
    self.name = name
    self.exporter = exporter
  }

  /// A folder named after the format; its options are the format's.
  public var format: FormatDescriptor {
    var format = exporter.format
    format.summary = "Shard \(shard) of an export in \(format.name), for review-export merge."
    format.layout = .directory
    return format
  }

  /// Where this part goes under `folder`: `<name>.shard-I-of-N/<format>`.
  public func destination(in folder: String) -> String {
    ((folder as NSString).appendingPathComponent(shard.folderName(for: name)) as NSString).appendingPathComponent(exporter.format.name)
  }

  /// Starts the format's writers.
  public func begin(_ catalog: Catalog, to output: ExportDestination) throws -> any CatalogWriter {
    let lane = try ShardLane(exporter: exporter, options: output.options, header: catalog, shard: shard, in: output)
    return try ShardWriter(exporter: self, lane: lane, header: catalog, output: output)
  }

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
    let layout = exporter.format.layout
    reviewsOutput = try ExportDestination(within: output, prefix: "reviews", layout: layout, options: options)
    reviews = try exporter.beginSplittable(header, to: reviewsOutput)
    if shard.writesHead {
      let headOutput = try ExportDestination(within: output, prefix: "head", layout: layout, options: options)
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
      throw ExportError.relocating(error, of: review, counted: local, place: place)
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

  /// The names of the files, `""` for a file format's one file.
  var fileNames: [String] {
    exporter.format.layout == .file ? [""] : reviewsOutput.members.map { String($0.name) }
  }
}

/// Hands each part to the format's writers, and writes the index and manifest.
struct ShardWriter: CatalogWriter {
  let exporter: ShardExporter
  var lane: ShardLane
  let header: Catalog
  let output: ExportDestination
  let indexSink: ByteSink
  var fingerprint = FNV1a()
  var counts = (people: 0, works: 0, reviews: 0)
  var held = 0
  var lastPlace = -1
  var entry: [UInt8] = []

  init(exporter: ShardExporter, lane: ShardLane, header: Catalog, output: ExportDestination) throws {
    self.exporter = exporter
    self.lane = lane
    self.header = header
    self.output = output
    // Made after the format's files, and written as the reviews pass.
    indexSink = try output.member(named: ShardManifest.indexFileName)
    fingerprint.add(header.info.id)
    fingerprint.add(0)
  }

  mutating func write(_ person: Person) throws {
    counts.people += 1
    fingerprint.add(person.id)
    fingerprint.add(1)
    try lane.write(person)
  }

  mutating func write(_ work: Work) throws {
    counts.works += 1
    fingerprint.add(work.id)
    fingerprint.add(2)
    try lane.write(work)
  }

  mutating func write(_ review: Review) throws {
    let place = counts.reviews
    counts.reviews += 1
    fingerprint.add(review.id)
    fingerprint.add(3)
    if counts.reviews == 1 { try lane.startReviews() }
    guard exporter.shard.holds(review) else { return }
    entry.removeAll(keepingCapacity: true)
    ShardIndex.append(place - lastPlace - 1, to: &entry)
    lastPlace = place
    try lane.write(review, place: place, local: held, entry: &entry)
    try entry.withUnsafeBytes { try indexSink.write($0) }
    held += 1
  }

  mutating func finish() throws {
    try lane.finish()
    let names = lane.fileNames
    let framing = try ReviewFraming(of: lane.exporter, options: lane.options, header: header).files
    guard framing.count == names.count else {
      throw ExportError("\(lane.exporter.format.name) writes different files from one export to the next, so it cannot be written in shards")
    }
    let files = names.indices.map { index in
      ShardManifest.File(
        name: names[index], reviewsStart: lane.reviewsStart[index], beforeFirst: Data(framing[index].beforeFirst),
        beforeOthers: Data(framing[index].beforeOthers),
        headLength: exporter.shard.writesHead ? lane.headLengths[index] : nil,
        tail: exporter.shard.writesHead ? Data(framing[index].tail) : nil)
    }
    let manifest = ShardManifest(
      layout: ShardManifest.currentLayout, shard: exporter.shard.index, shards: exporter.shard.count, name: exporter.name,
      catalog: ShardManifest.CatalogSummary(
        people: counts.people, works: counts.works, reviews: counts.reviews,
        fingerprint: String(fingerprint.value, radix: 16)),
      reviews: held,
      format: ShardManifest.Format(name: lane.exporter.format.name, options: lane.options.manifestForm, files: files))
    let sink = try output.member(named: ShardManifest.fileName)
    try sink.write(Array(try manifest.encoded()))
  }
}

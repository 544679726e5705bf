import ReviewCatalog

/// What a splittable format writes around its reviews, in each file of its
/// output: what comes before a document's first review, what comes before
/// each other one, and what follows the last.
///
/// Found by writing a placeholder review twice into memory, after the head,
/// and comparing: the two copies end alike, and what precedes each is the
/// part that differs (`,` before every JSON array item but the first; the
/// `>` of `<reviews>` that libxml2 writes with the first child). Runs of
/// reviews written apart, each starting as a document's first, are joined
/// into the document by swapping the one for the other.
struct ReviewFraming {
  /// One file's framing.
  struct File {
    /// What comes before a document's first review.
    var beforeFirst: [UInt8]
    /// What comes before every other review.
    var beforeOthers: [UInt8]
    /// What follows the last review, to the end of the file.
    var tail: [UInt8]
  }

  /// The files', in the order the format makes them.
  var files: [File]

  /// The review written twice: what it looks like does not matter.
  static let placeholder = Review(
    id: "placeholder", work: "placeholder", critic: "placeholder", published: "2000-01-01", headline: "placeholder", body: "placeholder")

  /// The framing of `exporter`'s output with `options`, for a catalog with `header`.
  init(of exporter: any SplittableExporter, options: ExportOptions, header: Catalog) throws {
    let memory = ExportDestination.inMemory(layout: exporter.format.layout, options: options)
    var writer = try exporter.beginSplittable(header, to: memory)
    try writer.startReviews()
    try writer.flush()
    let start = memory.fileSizes
    try writer.write(Self.placeholder)
    try writer.flush()
    let first = memory.fileSizes
    try writer.write(Self.placeholder)
    try writer.flush()
    let second = memory.fileSizes
    try writer.finish()
    let sinks = memory.fileSinks
    for sink in sinks { try sink.flush() }
    guard sinks.count == start.count else {
      throw ExportError("\(exporter.format.name) made a file after its first review, so its reviews cannot be written apart")
    }
    files = sinks.indices.map { index in
      let bytes = sinks[index].bytes
      let once = Array(bytes[start[index]..<first[index]])
      let again = Array(bytes[first[index]..<second[index]])
      var common = 0
      while common < once.count && common < again.count && once[once.count - 1 - common] == again[again.count - 1 - common] {
        common += 1
      }
      return File(beforeFirst: Array(once.dropLast(common)), beforeOthers: Array(again.dropLast(common)), tail: Array(bytes[second[index]...]))
    }
  }
}

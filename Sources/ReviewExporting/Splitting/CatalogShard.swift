import ReviewCatalog

/// One of `count` shards of an export: the reviews whose id hashes to
/// `index`, for exporting a very large catalog on many machines at once
/// (`review-export export --shard I/N`).
///
/// A review's shard depends on its id alone: the 64-bit FNV-1a hash of the
/// id's UTF-8 bytes, modulo `count` (``number(of:count:)``). It is the same
/// on every machine and in every run, so a failed shard can be run again
/// alone, and two reviews with the same id are always in the same shard.
/// Shard 0 also writes what comes before and after the reviews (the
/// catalog's info, its people and works), once.
public struct CatalogShard: Sendable, Hashable, CustomStringConvertible {
  /// This shard's number, from 0.
  public let index: Int
  /// How many shards the export has.
  public let count: Int

  /// The shard `index` of `count`.
  ///
  /// - Throws: ``ExportError`` unless `0 <= index < count`.
  public init(index: Int, count: Int) throws {
    guard count >= 1 else { throw ExportError("a shard count must be at least 1; got \(count)") }
    guard (0..<count).contains(index) else {
      throw ExportError("shard \(index) of \(count) does not exist: shards are numbered 0 to \(count - 1)")
    }
    self.index = index
    self.count = count
  }

  /// The shard a user wrote as `I/N`, such as `0/4`.
  ///
  /// - Throws: ``ExportError`` for anything else, saying what is expected.
  public init(parsing text: String) throws {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
      throw ExportError("--shard '\(text)' is not I/N, such as 0/4 (shard 0 of 4)")
    }
    try self.init(index: index, count: count)
  }

  /// Whether the shard writes the catalog's head and tail: shard 0.
  public var writesHead: Bool { index == 0 }

  /// Whether `review` is one of this shard's.
  public func holds(_ review: Review) -> Bool {
    Self.number(of: review.id, count: count) == index
  }

  /// The shard, of `count`, that holds the review with id `id`: the 64-bit
  /// FNV-1a hash of its UTF-8 bytes, modulo `count`.
  public static func number(of id: String, count: Int) -> Int {
    var hash = FNV1a()
    hash.add(id)
    return Int(hash.value % UInt64(count))
  }

  /// `I/N`.
  public var description: String { "\(index)/\(count)" }

  /// The name of the shard's folder for outputs named `stem`: `stem.shard-I-of-N`.
  public func folderName(for stem: String) -> String { "\(stem).shard-\(index)-of-\(count)" }
}

/// The 64-bit FNV-1a hash, which is the same on every machine (Swift's own
/// `Hasher` is seeded per process).
struct FNV1a {
  private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

  mutating func add(_ text: String) {
    var text = text
    text.withUTF8 { for byte in $0 { add(byte) } }
  }

  mutating func add(_ byte: UInt8) {
    value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
  }

  /// Adds a number, as its 8 bytes, least significant first.
  mutating func add(_ number: Int) {
    var rest = UInt64(bitPattern: Int64(number))
    for _ in 0..<8 {
      add(UInt8(truncatingIfNeeded: rest))
      rest >>= 8
    }
  }
}

import Foundation

/// The `shard.json` of a shard's part in one format: which shard it is, of
/// which catalog, and where the format's bytes are in the part's files.
///
/// For each file, it says what comes before a document's first review and
/// before every other one (each shard's first review is written as a first);
/// shard 0's also says where the head ends in the head file and what
/// follows the last review.
struct ShardManifest: Codable, Equatable {
  /// The version of this layout; a merge refuses others.
  static let currentLayout = 1
  /// The name of the manifest in a shard's folder.
  static let fileName = "shard.json"
  /// The name of the index in a shard's folder (``ShardIndex``).
  static let indexFileName = "index"

  /// The version of the layout.
  var layout: Int
  /// The shard's number, from 0.
  var shard: Int
  /// How many shards the export has.
  var shards: Int
  /// The outputs' name, before their extensions.
  var name: String
  /// What every shard of one export sees alike.
  var catalog: CatalogSummary
  /// How many reviews this shard holds.
  var reviews: Int
  /// The format, with its files in the order the index lists their lengths.
  var format: Format

  /// What identifies the catalog the shards were exported from.
  struct CatalogSummary: Codable, Equatable {
    var people: Int
    var works: Int
    var reviews: Int
    /// The FNV-1a hash of the catalog's id and of every person's, work's and
    /// review's id, in order, in hexadecimal.
    var fingerprint: String
  }

  /// One format's files in the shard.
  struct Format: Codable, Equatable {
    var name: String
    /// Every option, as `key=value`, sorted.
    var options: [String]
    var files: [File]
  }

  /// One file of a format: the whole output of a file format (named `""`),
  /// or one file of a folder format's output.
  struct File: Codable, Equatable {
    var name: String
    /// Where the shard's first review begins in its reviews file.
    var reviewsStart: Int
    /// What comes before the first review of a document.
    var beforeFirst: Data
    /// What comes before every other review.
    var beforeOthers: Data
    /// Shard 0 only: the length of the head in the head file (the rest of
    /// which is a catalog's tail when it has no reviews).
    var headLength: Int?
    /// Shard 0 only: what comes after the last review.
    var tail: Data?
  }

  /// The file, in a part's folder, of the reviews (`kind` "reviews") or the
  /// head (`kind` "head"): `reviews`, `head.people.jsonl`.
  static func path(kind: String, file: String) -> String {
    file.isEmpty ? kind : "\(kind).\(file)"
  }

  /// The manifest as written: sorted keys, indented, one final newline.
  func encoded() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(self) + Data("\n".utf8)
  }
}

extension ExportOptions {
  /// Every option as `key=value`, sorted: how a shard's manifest records them.
  var manifestForm: [String] {
    values.map { "\($0.key)=\($0.value)" }.sorted()
  }
}

import ReviewCatalog

/// A reader that can also hand out a catalog one part at a time.
///
/// The export job uses it to export catalogs larger than memory: it
/// validates each person, work and review as it comes and passes it on to
/// every exporter, holding none of them.
public protocol StreamingCatalogReader: CatalogReader {
  /// Opens the catalog file at `path` and reads up to its first part.
  ///
  /// - Parameters:
  ///   - path: The file to read.
  ///   - name: The name diagnostics give the file.
  /// - Returns: The stream; `nil` when this file cannot be streamed (its
  ///   version and info do not come first, say), and the caller should read
  ///   it whole instead.
  /// - Throws: `CatalogError` for a problem that stops reading, such as a
  ///   syntax error.
  func openStream(atPath path: String, name: String) throws(CatalogError) -> (any CatalogStream)?
}

/// A catalog being read part by part: its version and info, then each
/// person, work and review, in that order.
///
/// A stream is used from one thread.
public protocol CatalogStream: AnyObject {
  /// The name diagnostics give the source.
  var name: String { get }
  /// The catalog's version and info; its people, works and reviews are
  /// empty and come from ``next()``.
  var header: Catalog { get }
  /// The structural problems found so far (unknown, repeated or missing
  /// keys, values of the wrong type), each with its path and position.
  var problems: [Diagnostic] { get }
  /// How much of the source has been read, from 0 to 1, for progress displays.
  var fractionRead: Double { get }

  /// Reads the next person, work or review, or returns `nil` after the last
  /// (having then read the rest of the document).
  ///
  /// - Throws: `CatalogError` for a problem that stops reading, such as a
  ///   syntax error (it includes the structural problems found before it);
  ///   ``StreamOrderError`` when the parts turn out not to come in order, and
  ///   the catalog must be read whole instead.
  func next() throws -> CatalogItem?

  /// Lets the memory that held the part of the source already read go.
  /// Called now and then; the source stays readable for ``locate(_:)``.
  func releaseConsumedInput()

  /// The positions of the values at `paths`, as ``CatalogReader/locate(_:in:)`` finds them.
  func locate(_ paths: Set<CatalogPath>) -> [CatalogPath: SourceLocation]
}

/// A catalog's parts do not come in the order people, works, reviews, so it
/// cannot be streamed; read it whole instead. Nothing has been written.
public struct StreamOrderError: Error, CustomStringConvertible {
  /// Why, such as "the reviews come before the works".
  public var reason: String

  /// Creates the error.
  public init(_ reason: String) {
    self.reason = reason
  }

  /// The error for `found` coming where `expected` must.
  public init(_ found: CatalogSection, before expected: CatalogSection) {
    self.init("the \(found.key) come before the \(expected.key)")
  }

  /// Checks that `section` may begin after `previous` (the last section
  /// begun, `nil` before any): people, then works, then reviews.
  public static func check(_ section: CatalogSection, after previous: CatalogSection?) throws(StreamOrderError) {
    guard let expected = CatalogSection.following(previous), section == expected else {
      throw StreamOrderError(section, before: CatalogSection.following(previous) ?? section)
    }
  }

  public var description: String { "cannot stream this catalog: \(reason); read it whole" }
}

import ReviewCatalog

/// A reader that can also hand out a catalog's reviews one at a time.
///
/// The export job uses it to export catalogs larger than memory: it holds
/// the head (info, people, works), validates each review as it comes, and
/// passes it on to every exporter.
public protocol StreamingCatalogReader: CatalogReader {
  /// Opens the catalog file at `path` and reads its head.
  ///
  /// - Parameter name: The name diagnostics give the file.
  /// - Returns: The stream, positioned before the first review; `nil` when
  ///   this file cannot be streamed (the reviews come before the people or
  ///   works, say), and the caller should read it whole instead.
  /// - Throws: `CatalogError` for a problem that stops reading, such as a
  ///   syntax error in the head.
  func openStream(atPath path: String, name: String) throws(CatalogError) -> (any ReviewStream)?
}

/// A catalog being read review by review.
///
/// A stream is used from one thread.
public protocol ReviewStream: AnyObject {
  /// The name diagnostics give the source.
  var name: String { get }
  /// Hands over the catalog without its reviews, with placeholders where
  /// ``problems`` say a value was unusable. Call it once, before the first
  /// ``nextReview()``: the stream keeps no copy, so that the memory the
  /// people and works take can go once the exporters have written them.
  func takeHead() -> Catalog
  /// The structural problems found so far (unknown, repeated or missing
  /// keys, values of the wrong type), each with its path and position.
  var problems: [Diagnostic] { get }
  /// How far through the source the stream is, from 0 to 1, for progress.
  var fractionRead: Double { get }

  /// Reads the next review, or returns `nil` after the last one (having then
  /// read the rest of the document).
  ///
  /// - Throws: `CatalogError` for a problem that stops reading, such as a
  ///   syntax error; it includes the structural problems found before it.
  func nextReview() throws(CatalogError) -> Review?

  /// Lets the memory that held the part of the source already read go.
  /// Called now and then; the source stays readable for ``locate(_:)``.
  func releaseConsumedInput()

  /// The positions of the values at `paths`, as ``CatalogReader/locate(_:in:)`` finds them.
  func locate(_ paths: Set<CatalogPath>) -> [CatalogPath: SourceLocation]
}

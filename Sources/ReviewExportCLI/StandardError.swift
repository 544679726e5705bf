import ArgumentParser
import Foundation
import ReviewCatalog
import ReviewExporting

/// Writing to standard error, where every diagnostic goes.
enum StandardError {
  static func print(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }

  /// Prints each problem on its own line, then a count.
  static func report(_ error: CatalogError, in file: String) {
    for diagnostic in error.diagnostics { print(diagnostic.description) }
    let count = error.diagnostics.count
    print("\(file): \(count) problem\(count == 1 ? "" : "s") found; nothing was written")
  }
}

extension CatalogLoader {
  /// Loads and validates a catalog for a command; on failure prints every
  /// problem to standard error and exits with 1.
  func loadForCommand(_ input: String, formatName: String?) throws -> Catalog {
    try Self.reportingFailure(of: input) { try load(path: input, formatName: formatName) }
  }

  /// Opens a catalog to be read part by part, when it can be (see
  /// ``CatalogLoader/openStream(path:formatName:)``); on a problem that stops
  /// reading, prints every problem to standard error and exits with 1.
  func openStreamForCommand(_ input: String, formatName: String?) throws -> (any CatalogStream)? {
    try Self.reportingFailure(of: input) { try openStream(path: input, formatName: formatName) }
  }

  /// Runs `body`; if it fails, prints why on standard error and exits with 1.
  private static func reportingFailure<T>(of input: String, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as CatalogError {
      StandardError.report(error, in: input)
      throw ExitCode(1)
    } catch {
      StandardError.print("review-export: error: \(error)")
      throw ExitCode(1)
    }
  }
}

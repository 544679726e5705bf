import Foundation
import ReviewCatalog

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

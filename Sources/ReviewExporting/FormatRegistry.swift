import Foundation
import ReviewCatalog

/// The formats a tool knows: the exporters it writes with and the readers it reads with.
///
/// The CLI and the plugins look formats up here by name. Names are unique:
/// registering a second exporter with a taken name is an error.
public struct FormatRegistry: Sendable {
  /// The exporters, in the order `review-export formats` lists them.
  public private(set) var exporters: [any Exporter] = []
  /// The readers.
  public private(set) var readers: [any CatalogReader] = []

  /// Creates a registry with the given formats.
  public init(exporters: [any Exporter] = [], readers: [any CatalogReader] = []) throws {
    for exporter in exporters { try register(exporter) }
    for reader in readers { register(reader) }
  }

  /// Adds an exporter.
  ///
  /// - Throws: ``ExportError`` if its name is taken or is not a valid format name.
  public mutating func register(_ exporter: any Exporter) throws {
    let name = exporter.format.name
    guard !name.isEmpty, name != "all",
      name.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-") })
    else {
      throw ExportError("'\(name)' cannot name a format: use lowercase letters, digits and '-', and not 'all'")
    }
    guard self.exporter(named: name) == nil else {
      throw ExportError("a format named '\(name)' is already registered; choose another name")
    }
    exporters.append(exporter)
  }

  /// Adds a reader; a later reader wins for a name or extension both claim.
  /// A reader with the name of one already registered takes its place.
  public mutating func register(_ reader: any CatalogReader) {
    if let index = readers.firstIndex(where: { $0.formatName == reader.formatName }) {
      readers[index] = reader
    } else {
      readers.append(reader)
    }
  }

  /// The reader named `name`; the last registered wins.
  public func reader(named name: String) -> (any CatalogReader)? {
    readers.last { $0.formatName == name }
  }

  /// The reader for files ending in `.fileExtension`; the last registered wins.
  public func reader(forExtension fileExtension: String) -> (any CatalogReader)? {
    readers.last { $0.fileExtensions.contains(fileExtension) }
  }

  /// The exporter named `name`, if any.
  public func exporter(named name: String) -> (any Exporter)? {
    exporters.first { $0.format.name == name }
  }

  /// The exporters for a user's selection: names, comma-separated lists, or `all`.
  ///
  /// - Throws: ``ExportError`` naming an unknown format and listing the known ones.
  public func exporters(selectedBy selection: [String]) throws -> [any Exporter] {
    var chosen: [any Exporter] = []
    let names = selection.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
    for name in names where !name.isEmpty {
      let matches: [any Exporter]
      if name == "all" {
        matches = exporters
      } else if let exporter = exporter(named: name) {
        matches = [exporter]
      } else {
        let known = exporters.map(\.format.name).joined(separator: ", ")
        throw ExportError("unknown format '\(name)'; known formats: \(known), or all")
      }
      for exporter in matches where !chosen.contains(where: { $0.format.name == exporter.format.name }) {
        chosen.append(exporter)
      }
    }
    return chosen
  }
}

import ArgumentParser
import ExternalFormat
import Foundation
import ReviewCatalog
import ReviewExporting

// Where the outputs go, and the outputs that are refused.

extension ExportCommand {
  /// The name outputs share: the input's file name without its extension, or
  /// the catalog's id when reading standard input.
  func outputStem(_ input: CatalogInput, path: String) -> String {
    // Standard input is never streamed.
    if path == "-", case .catalog(let catalog) = input { return catalog.info.id }
    let name = (path as NSString).lastPathComponent
    let stem = (name as NSString).deletingPathExtension
    return stem.isEmpty ? name : stem
  }

  /// Whether `--output` names this output itself rather than its folder:
  /// one format is selected, and the path ends with its extension and is
  /// not a folder already (a folder format's path is its folder).
  static func namesOutput(_ target: CatalogTarget, of exporter: any Exporter, among count: Int) -> Bool {
    guard target.outputNamesFile, count == 1 else { return false }
    let path = target.output.hasSuffix("/") ? "" : target.output
    guard path.lowercased().hasSuffix("." + exporter.format.fileExtension.lowercased()) else { return false }
    var isDirectory: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
    return exporter.format.layout == .directory || !(exists && isDirectory.boolValue)
  }

  /// Whether `destination` is the file `input`.
  static func isInput(_ destination: String, _ input: String) -> Bool {
    guard input != "-" else { return false }
    func resolved(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
    return resolved(destination) == resolved(input)
  }

  /// Refuses an output that would replace the input, or a folder output
  /// (which is replaced whole) that holds the input.
  func refuseToOverwriteInput(_ jobs: [ExportJob.Request], input: String) throws {
    guard input != "-" else { return }
    let inputPath = URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath().path
    for job in jobs {
      let destination = URL(fileURLWithPath: job.destination).standardizedFileURL.resolvingSymlinksInPath().path
      if destination == inputPath {
        throw ExportError("\(job.destination) is the input file; choose another folder with --output")
      }
      if job.exporter.format.layout == .directory && inputPath.hasPrefix(destination + "/") {
        throw ExportError(
          "\(input) is inside \(job.destination), which the \(job.exporter.format.name) export replaces whole; move the input or choose another --output")
      }
    }
  }

  static func size(_ bytes: Int) -> String {
    if bytes < 1024 { return "\(bytes) bytes" }
    if bytes < 1024 * 1024 { return String(format: "%.1f KiB", Double(bytes) / 1024) }
    if bytes < 1024 * 1024 * 1024 { return String(format: "%.1f MiB", Double(bytes) / 1024 / 1024) }
    return String(format: "%.2f GiB", Double(bytes) / 1024 / 1024 / 1024)
  }
}

extension ExportCommand {
  /// `--shard I/N`, checked.
  func parsedShard(_ text: String) throws -> CatalogShard {
    do {
      return try CatalogShard(parsing: text)
    } catch {
      throw ValidationError("\(error)")
    }
  }

  /// The outputs of a shard: one per selected format, in one folder. With no
  /// format selected, every format that can be written in shards, with a note
  /// naming the others; a selected one that cannot is an error.
  func shardOutputs(
    _ outputs: [(any Exporter, ExportOptions)], shard: CatalogShard, stem: String, selected: Bool
  ) throws -> [(any Exporter, ExportOptions)] {
    var formats: [(any Exporter, ExportOptions)] = []
    var left: [String] = []
    for (exporter, options) in outputs {
      if let splittable = exporter as? any SplittableExporter {
        formats.append((ShardExporter(shard: shard, name: stem, exporter: splittable), options))
      } else {
        left.append(exporter.format.name)
      }
    }
    if selected, !left.isEmpty {
      throw ValidationError(
        "\(left.joined(separator: ", ")) cannot be written in shards (\(left.count == 1 ? "its output is" : "their outputs are") not a head, the reviews and a tail); shard a format that can (\(formats.isEmpty ? "json, xml, yaml, csv, csv-tables, jsonl" : formats.map(\.0.format.name).joined(separator: ", "))), merge, and export \(left.count == 1 ? "it" : "them") from the merged json"
      )
    }
    if !left.isEmpty && !quiet {
      StandardError.print("note: not written in shards: \(left.joined(separator: ", ")); export them from the merged json")
    }
    return formats
  }
}

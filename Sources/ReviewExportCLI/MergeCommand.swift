import ArgumentParser
import Foundation
import ReviewExporting

/// `review-export merge SHARD...`: joins the shards of an export into the
/// outputs a single export gives.
struct MergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Join the shards of an export (export --shard I/N) into its outputs.",
    discussion: """
      Each SHARD is a shard's folder ('<name>.shard-I-of-N') or a folder holding them. \
      Every shard of the export must be given once; the outputs are byte for byte what one \
      export of the whole catalog writes, named '<output>/<name>.<format extension>', and \
      are committed together, as an export's are.
      """
  )

  @Argument(help: "The shards' folders, or folders that hold them.")
  var shards: [String]

  @Option(name: .shortAndLong, help: "The folder to write into; created if missing. Default: the current folder.")
  var output: String = "."

  @Option(help: "The name the outputs share, before their extensions. Default: the name the shards were exported with.")
  var name: String?

  @Flag(name: .shortAndLong, help: "Print nothing but errors.")
  var quiet = false

  @Flag(help: "Write nothing; list the outputs that would change and exit 1 if any would.")
  var check = false

  @Flag(help: "Do not wait for the outputs to reach the disk (fsync) before committing them.")
  var noFsync = false

  func validate() throws {
    if let name, name.isEmpty || name.contains("/") || name.hasPrefix(".") || name.contains("\0") {
      throw ValidationError("--name '\(name)' must be a file name without '/' that does not start with '.'")
    }
  }

  func run() throws {
    let merge = ShardMerge(formats: ToolContext.registry)
    let results: [ExportJob.Result]
    do {
      let folders = try ShardMerge.shardFolders(at: shards)
      results = try merge.merge(folders, into: output, name: name, mode: check ? .check : .write, durable: !noFsync)
    } catch {
      StandardError.print("review-export: error: \(error)")
      throw ExitCode(1)
    }
    if check {
      let changed = results.filter(\.changed)
      for result in changed { print("would change: \(result.destination)") }
      if !changed.isEmpty { throw ExitCode(1) }
      return
    }
    guard !quiet else { return }
    for result in results {
      let verb = result.changed ? "wrote" : "unchanged"
      StandardError.print("\(verb) \(result.destination) (\(result.format), \(ExportCommand.size(result.byteCount)))")
    }
  }
}

import Foundation

/// Runs the built `review-export` binary as a user would.
public enum ToolRunner {
  /// What a run printed and how it ended.
  public struct Outcome: Sendable {
    /// The exit status.
    public var status: Int32
    /// Standard output, as UTF-8 text.
    public var stdout: String
    /// Standard error, as UTF-8 text.
    public var stderr: String
    /// Standard output's bytes.
    public var stdoutBytes: [UInt8]

    /// An outcome from its parts.
    public init(status: Int32, stdout: String, stderr: String, stdoutBytes: [UInt8]) {
      self.status = status
      self.stdout = stdout
      self.stderr = stderr
      self.stdoutBytes = stdoutBytes
    }
  }

  /// The built tool: beside the test bundle, in the build's products folder.
  public static var executable: URL {
    let products = Bundle.main.bundleURL
    let candidate = products.appendingPathComponent("review-export")
    if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    return Fixtures.root.appendingPathComponent(".build/debug/review-export")
  }

  /// Runs the tool with `arguments` in `directory`, feeding it `stdin`.
  public static func run(
    _ arguments: [String], in directory: URL? = nil, stdin: [UInt8] = [], environment: [String: String] = [:]
  ) throws -> Outcome {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if !environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    process.currentDirectoryURL = directory ?? Fixtures.root
    let input = Pipe()
    let output = Pipe()
    let error = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = error
    try process.run()
    // Drain both pipes while the tool runs, so neither can fill up and block it.
    let group = DispatchGroup()
    nonisolated(unsafe) var outData = Data()
    nonisolated(unsafe) var errData = Data()
    DispatchQueue.global().async(group: group) { outData = output.fileHandleForReading.readDataToEndOfFile() }
    DispatchQueue.global().async(group: group) { errData = error.fileHandleForReading.readDataToEndOfFile() }
    input.fileHandleForWriting.write(Data(stdin))
    try input.fileHandleForWriting.close()
    group.wait()
    process.waitUntilExit()
    return Outcome(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self), stdoutBytes: [UInt8](outData))
  }
}

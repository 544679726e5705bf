import Foundation

/// Runs python3 scripts for checks by independent implementations (PyYAML, csv).
public enum Python {
  /// Whether `python3` can import `module`.
  public static func canImport(_ module: String) -> Bool {
    (try? run("import \(module)", arguments: []))?.status == 0
  }

  /// Runs `script` with `arguments`; returns its exit status and standard output.
  public static func run(_ script: String, arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }
}

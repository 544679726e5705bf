import Foundation
import TestSupport
import Testing

/// The build-tool plugin's accessors compile for every catalog name: Swift
/// keywords, leading digits, non-ASCII, names that differ only in punctuation.
@Suite struct AccessorNameTests {
  static let names = [
    "default", "class", "self", "Self", "Type", "init", "protocol", "in", "1917", "2001-a-space-odyssey", "世界電影",
    "naïve", "world-cinema", "world_cinema", "world.cinema", "_", "a b", "🎬", "e\u{301}tude",
  ]

  static var swiftc: String? {
    let candidates = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/swiftc" }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  @Test(.enabled(if: swiftc != nil, "swiftc is not on PATH: the generated accessors were not compiled"))
  func theGeneratedAccessorsCompileForAwkwardNames() throws {
    let folder = try Fixtures.temporaryFolder()
    let generated = folder.appendingPathComponent("ReviewExports.swift")
    let outcome = try ToolRunner.run(
      ["generate-accessors", "--output", generated.path] + Self.names.flatMap { ["--resource", "\($0)=json,xml"] })
    #expect(outcome.status == 0, "\(outcome.stderr)")
    let text = try String(contentsOf: generated, encoding: .utf8)
    // Every accessor, used as an app would use it.
    let properties = text.components(separatedBy: "\n").compactMap { line -> String? in
      guard let range = line.range(of: "static let `") else { return nil }
      return String(line[range.upperBound...].prefix { $0 != "`" })
    }
    #expect(properties.count == Self.names.count)
    #expect(Set(properties).count == Self.names.count, "two names share an accessor")
    let uses = properties.map { "_ = ReviewExports.\($0 == "default" || $0 == "class" || $0 == "protocol" || $0 == "in" ? $0 : "`\($0)`").json" }
    let main = """
      import Foundation
      extension Bundle { static var module: Bundle { .main } }
      func useAll() {
      \(uses.joined(separator: "\n"))
      }
      """
    try Data(main.utf8).write(to: folder.appendingPathComponent("Use.swift"))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Self.swiftc!)
    process.arguments = ["-typecheck", "-swift-version", "6", generated.path, folder.appendingPathComponent("Use.swift").path]
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(message)\n\(text)")
  }
}

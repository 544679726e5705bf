// swift-tools-version: 6.1
// libFuzzer targets for review-export's readers. Build and run with
// FuzzTesting/run.sh; they need `-sanitize=fuzzer,address`, which only the
// script passes, so `swift build` of the main package never sees them.
import PackageDescription

let fuzzers = [
  "FuzzJSONReader", "FuzzJSONStream", "FuzzYAMLReader", "FuzzYAMLStream", "FuzzYAMLChunks", "FuzzXMLReader", "FuzzXMLStream",
  "FuzzCSVTablesReader", "FuzzRoundTrip", "FuzzExporters",
]

let package = Package(
  name: "FuzzTesting",
  dependencies: [.package(name: "review-export", path: "..")],
  targets: [
    .target(
      name: "FuzzSupport",
      dependencies: [
        .product(name: "ReviewCatalog", package: "review-export"),
        .product(name: "ReviewExporting", package: "review-export"),
        .product(name: "ReviewExportCLI", package: "review-export"),
        .product(name: "YAMLFormat", package: "review-export"),
      ])
  ] + fuzzers.map { .executableTarget(name: $0, dependencies: ["FuzzSupport"]) }
)

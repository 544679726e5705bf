// swift-tools-version: 6.1
// A user's package that adds its own format to review-export: an iCalendar
// exporter, and a tool with every built-in format plus that one.
import PackageDescription

let package = Package(
  name: "CustomExporter",
  platforms: [.macOS(.v13)],
  dependencies: [
    // In a real package: .package(url: "https://github.com/<owner>/review-export", from: "0.1.0")
    .package(name: "review-export", path: "../..")
  ],
  targets: [
    .target(
      name: "ICalendarExporter",
      dependencies: [
        .product(name: "ReviewCatalog", package: "review-export"),
        .product(name: "ReviewExporting", package: "review-export"),
      ]),
    .executableTarget(
      name: "my-review-export",
      dependencies: ["ICalendarExporter", .product(name: "ReviewExportCLI", package: "review-export")]),
  ]
)

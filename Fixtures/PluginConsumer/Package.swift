// swift-tools-version: 6.1
// A package that uses review-export's build-tool plugin: its catalogs are
// exported at build time into the target's resources.
import PackageDescription

let package = Package(
  name: "PluginConsumer",
  platforms: [.macOS(.v13)],
  dependencies: [
    // In a real package: .package(url: "https://github.com/<owner>/review-export", from: "0.1.0")
    .package(name: "review-export", path: "../..")
  ],
  targets: [
    .executableTarget(
      name: "CatalogViewer",
      // With ReviewFormats, the accessors gain a typed load: ReviewExports.worldCinema.catalog().
      dependencies: [.product(name: "ReviewFormats", package: "review-export")],
      plugins: [.plugin(name: "ReviewExportPlugin", package: "review-export")])
  ]
)

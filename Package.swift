// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "review-export",
  platforms: [.macOS(.v13)],
  products: [
    // The catalog model: values, validation, diagnostics. No format in it.
    .library(name: "ReviewCatalog", targets: ["ReviewCatalog"]),
    // The exporter API: the protocol, options, registry, sink and export job.
    .library(name: "ReviewExporting", targets: ["ReviewExporting"]),
    // Every built-in format, read and written from Swift: Catalog(contentsOf:),
    // catalog.encoded(as:). No command-line dependency.
    .library(name: "ReviewFormats", targets: ["ReviewFormats"]),
    // One format each, for apps that link only what they read and write
    // (JSONFormat links no C library; see README "Using it from Swift").
    .library(name: "JSONFormat", targets: ["JSONFormat"]),
    .library(name: "XMLFormat", targets: ["XMLFormat"]),
    .library(name: "YAMLFormat", targets: ["YAMLFormat"]),
    .library(name: "CSVFormat", targets: ["CSVFormat"]),
    .library(name: "SQLiteFormat", targets: ["SQLiteFormat"]),
    .library(name: "XLSXFormat", targets: ["XLSXFormat"]),
    // The command-line tool as a library, so that a package can ship its own
    // tool with every built-in format plus its own exporters.
    .library(name: "ReviewExportCLI", targets: ["ReviewExportCLI"]),
    .executable(name: "review-export", targets: ["review-export"]),
    // Exports a target's catalogs as resources at build time.
    .plugin(name: "ReviewExportPlugin", targets: ["ReviewExportPlugin"]),
    // swift package export-reviews: exports the package's catalogs on demand.
    .plugin(name: "ExportReviewsCommand", targets: ["ExportReviewsCommand"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    // `swift package generate-documentation`: the DocC catalogs of the libraries.
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
  ],
  targets: [
    // MARK: Model
    .target(name: "ReviewCatalog"),

    // MARK: Exporter API
    .target(name: "ReviewExporting", dependencies: ["ReviewCatalog"]),

    // MARK: System libraries
    .systemLibrary(
      name: "CLibXML2", pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]),
    .systemLibrary(
      name: "CYAML", pkgConfig: "yaml-0.1",
      providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]),
    .systemLibrary(
      name: "CXLSXWriter", pkgConfig: "xlsxwriter",
      providers: [.apt(["libxlsxwriter-dev"]), .brew(["libxlsxwriter"])]),
    .systemLibrary(
      name: "CSQLite", pkgConfig: "sqlite3",
      providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]),

    // MARK: Formats (one module each; none imports another)
    .target(name: "JSONFormat", dependencies: ["ReviewCatalog", "ReviewExporting"]),
    .target(name: "XMLFormat", dependencies: ["ReviewCatalog", "ReviewExporting", "CLibXML2"]),
    .target(name: "YAMLFormat", dependencies: ["ReviewCatalog", "ReviewExporting", "CYAML"]),
    .target(name: "CSVFormat", dependencies: ["ReviewCatalog", "ReviewExporting"]),
    .target(name: "SQLiteFormat", dependencies: ["ReviewCatalog", "ReviewExporting", "CSQLite"]),
    .target(name: "XLSXFormat", dependencies: ["ReviewCatalog", "ReviewExporting", "CXLSXWriter"]),
    .target(
      name: "TemplateFormat",
      dependencies: ["ReviewCatalog", "ReviewExporting", .product(name: "Mustache", package: "swift-mustache")]),
    // Formats provided by other programs, through the external exporter protocol.
    .target(name: "ExternalFormat", dependencies: ["ReviewCatalog", "ReviewExporting"]),

    // MARK: Every format, for Swift code (the library's front door)
    .target(
      name: "ReviewFormats",
      dependencies: [
        "ReviewCatalog", "ReviewExporting", "JSONFormat", "XMLFormat", "YAMLFormat", "CSVFormat", "SQLiteFormat", "XLSXFormat",
        "TemplateFormat",
      ]),

    // MARK: Configuration (review-export.yml and the export plan), shared with
    // the SwiftPM plugins, which compile the same files (Plugins/PluginsShared
    // is a link to this folder: plugins cannot depend on library targets).
    .target(name: "ReviewExportConfig"),

    // MARK: Command-line tool
    .target(
      name: "ReviewExportCLI",
      dependencies: [
        "ReviewCatalog", "ReviewExporting", "ReviewFormats", "ReviewExportConfig", "JSONFormat", "XMLFormat", "YAMLFormat", "CSVFormat", "SQLiteFormat",
        "XLSXFormat",
        "ExternalFormat",
        "TemplateFormat", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // The executable target is named like its product: build-tool plugins
    // can only run an executable whose target and product names match.
    .executableTarget(name: "review-export", dependencies: ["ReviewExportCLI"]),

    // MARK: Plugins (they only work out inputs and outputs, then run the tool)
    .plugin(name: "ReviewExportPlugin", capability: .buildTool(), dependencies: ["review-export"]),
    .plugin(
      name: "ExportReviewsCommand",
      capability: .command(
        intent: .custom(verb: "export-reviews", description: "Export the package's review catalogs into a folder"),
        permissions: [.writeToPackageDirectory(reason: "writes the exported catalogs into a folder of the package")]),
      dependencies: ["review-export"]),

    // MARK: Benchmark (swift run -c release export-benchmark run)
    .executableTarget(
      name: "export-benchmark",
      dependencies: [
        "ReviewCatalog", "ReviewExporting", "JSONFormat",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    // MARK: Tests
    .target(name: "TestSupport", dependencies: ["ReviewCatalog", "ReviewExporting"], path: "Tests/TestSupport"),
    .testTarget(name: "ReviewCatalogTests", dependencies: ["ReviewCatalog", "TestSupport"]),
    .testTarget(name: "JSONFormatTests", dependencies: ["JSONFormat", "ReviewCatalog", "ReviewExporting", "TestSupport"]),
    .testTarget(name: "XMLFormatTests", dependencies: ["XMLFormat", "JSONFormat", "ReviewCatalog", "ReviewExporting", "TestSupport", "CLibXML2"]),
    .testTarget(name: "YAMLFormatTests", dependencies: ["YAMLFormat", "JSONFormat", "ReviewCatalog", "ReviewExporting", "TestSupport"]),
    .testTarget(name: "CSVFormatTests", dependencies: ["CSVFormat", "JSONFormat", "ReviewCatalog", "ReviewExporting", "TestSupport"]),
    .testTarget(
      name: "SQLiteFormatTests",
      dependencies: ["SQLiteFormat", "XLSXFormat", "JSONFormat", "CSVFormat", "ReviewCatalog", "ReviewExporting", "ReviewFormats", "TestSupport"]),
    .testTarget(name: "XLSXFormatTests", dependencies: ["XLSXFormat", "JSONFormat", "ReviewCatalog", "ReviewExporting", "TestSupport"]),
    .testTarget(name: "ReviewFormatsTests", dependencies: ["ReviewFormats", "TestSupport"]),
    .testTarget(name: "TemplateFormatTests", dependencies: ["TemplateFormat", "JSONFormat", "ReviewCatalog", "ReviewExporting", "TestSupport"]),
    .testTarget(name: "ReviewExportingTests", dependencies: ["ReviewExporting", "ReviewCatalog", "JSONFormat", "TestSupport"]),
    .testTarget(
      name: "ReviewExportCLITests",
      dependencies: ["ReviewExportCLI", "ReviewExportConfig", "ReviewCatalog", "ExternalFormat", "JSONFormat", "TestSupport", "review-export"]
    ),
  ]
)

// `import ReviewFormats` is all an app writes: the model (`Catalog`,
// `Review`, …) and the exporter API (`Exporter`, `CatalogError`, …) come with it.
@_exported import ReviewCatalog
@_exported import ReviewExporting

import FuzzSupport
import ReviewCatalog
import ReviewExporting

/// Every streaming exporter, handed the parts of any catalog that reads as
/// JSON, valid or not, as a streamed export hands them (before validation
/// has caught up with them), must write them or throw, never trap; and
/// finish only a valid catalog, as the export job does.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let reader = FuzzSupport.registry.reader(named: "json")!
  guard let decoded = try? reader.read(CatalogSource(name: "fuzz.json", bytes: Array(UnsafeRawBufferPointer(start: start, count: count))))
  else { return 0 }
  let catalog = decoded.catalog
  let valid = decoded.problems.isEmpty && CatalogValidator.validate(catalog).isEmpty
  var head = catalog
  (head.people, head.works, head.reviews) = ([], [], [])
  for exporter in FuzzSupport.registry.exporters {
    guard let streaming = exporter as? any StreamingExporter, let options = try? exporter.format.resolveOptions([:]) else { continue }
    // A folder format's files are kept in memory too.
    let output =
      exporter.format.layout == .directory
      ? ExportDestination(directory: nil, options: options) : ExportDestination(sink: .memory(), options: options)
    guard var writer = try? streaming.begin(head, to: output) else { continue }
    do {
      for person in catalog.people { try writer.write(person) }
      for work in catalog.works { try writer.write(work) }
      for review in catalog.reviews { try writer.write(review) }
      if valid { try writer.finish() }
    } catch {
      continue
    }
  }
  return 0
}

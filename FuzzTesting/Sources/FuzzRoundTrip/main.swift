import FuzzSupport
import ReviewCatalog

/// A catalog that reads as JSON must survive every lossless format: export,
/// read back, and the canonical JSON is the same bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  guard let catalog = FuzzSupport.read(UnsafeRawBufferPointer(start: start, count: count), as: "json"),
    let canonical = FuzzSupport.export(catalog, as: "json")
  else { return 0 }
  for format in ["yaml", "xml"] {
    // XML cannot carry some characters; the exporter refuses those catalogs by design.
    guard let bytes = FuzzSupport.export(catalog, as: format) else {
      if format == "xml" { continue }
      fatalError("\(format) could not export a valid catalog")
    }
    guard let reread = bytes.withUnsafeBytes({ FuzzSupport.read($0, as: format) }) else {
      fatalError("\(format) output does not read back")
    }
    guard FuzzSupport.export(reread, as: "json") == canonical else {
      fatalError("\(format) round trip changed the catalog")
    }
  }
  return 0
}

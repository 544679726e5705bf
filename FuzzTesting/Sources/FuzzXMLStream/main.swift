import FuzzSupport

/// Any bytes as XML, read whole and streamed: the same catalog and the same
/// JSON output, or the same problems, in the same words and places.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  FuzzSupport.compareWholeAndStreamed(UnsafeRawBufferPointer(start: start, count: count), as: "xml")
  return 0
}

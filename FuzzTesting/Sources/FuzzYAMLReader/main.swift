import FuzzSupport

/// Any bytes read as yaml: a catalog or located errors, never a crash or a hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  _ = FuzzSupport.read(UnsafeRawBufferPointer(start: start, count: count), as: "yaml")
  return 0
}

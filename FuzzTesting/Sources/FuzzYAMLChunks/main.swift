import FuzzSupport

/// Any bytes as YAML, read by one parser and in chunks of 1 to 64 bytes
/// (the first byte says how many) on two threads: the same catalog or the
/// same problems, never a crash or a hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let bytes = UnsafeRawBufferPointer(start: start, count: count)
  guard let first = bytes.first else { return 0 }
  FuzzSupport.compareWholeAndChunkedYAML(UnsafeRawBufferPointer(rebasing: bytes.dropFirst()), chunkSize: 1 + Int(first % 64))
  return 0
}

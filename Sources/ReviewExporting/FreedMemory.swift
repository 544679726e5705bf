#if canImport(Glibc)
  import Glibc
#endif

/// Hands memory that was freed back to the system.
enum FreedMemory {
  #if canImport(Glibc)
    /// glibc's `malloc_trim`, looked up at run time: Swift's Glibc module does not declare it.
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
      return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
    }()
  #endif

  /// Returns the free pages of the heap to the system, so that they stop
  /// counting as resident. glibc keeps freed memory for reuse; after a large
  /// structure (a catalog's people and works) is dropped for good, giving it
  /// back keeps the peak of a long streamed export low. Does nothing elsewhere.
  static func giveBack() {
    #if canImport(Glibc)
      _ = mallocTrim?(0)
    #endif
  }
}

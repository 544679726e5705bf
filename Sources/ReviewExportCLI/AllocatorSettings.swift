#if canImport(Glibc)
  import Glibc
#endif

/// How the tool's process asks glibc's allocator to keep memory it has freed.
///
/// By default glibc gives large blocks (from 128 KiB) their own mappings and
/// returns the top of a heap to the system as soon as it is free, adjusting
/// both as it goes. An export frees and allocates blocks of that size all the
/// time (output buffers, batches, chunks of YAML written side by side), so
/// they were mapped, faulted in page by page and unmapped again: 100,000
/// reviews to YAML took 141,000 page faults and 0.7 s of system time, where
/// keeping blocks up to 32 MiB in the heaps and trimming a heap only past
/// 64 MiB free takes 13,000 and 0.3 s, 5–10% of the run, for 3 MiB more at
/// the peak. Set once, at the start of the process: the library leaves its
/// caller's allocator as it is.
enum AllocatorSettings {
  /// Applies the settings with glibc's `mallopt` (looked up at run time:
  /// Swift's Glibc module does not carry `malloc.h`); elsewhere, nothing.
  static func apply() {
    #if canImport(Glibc)
      typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
      let mallopt = unsafeBitCast(symbol, to: MallOpt.self)
      // malloc.h: M_TRIM_THRESHOLD is -1, M_MMAP_THRESHOLD is -3.
      _ = mallopt(-3, 32 << 20)
      _ = mallopt(-1, 64 << 20)
    #endif
  }
}

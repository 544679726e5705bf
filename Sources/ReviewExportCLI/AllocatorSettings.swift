#if canImport(Glibc)
  import Glibc
#endif

/// How the tool's process asks glibc's allocator to keep memory it has freed.
///
/// By default glibc gives large blocks (from 128 KiB) their own mappings and
/// returns the top of a heap to the system as soon as 128 KiB of it are free,
/// adjusting both as it goes. An export frees and allocates blocks of that
/// size all the time (output buffers, batches, chunks of YAML written side by
/// side), so they were mapped, faulted in page by page and unmapped again:
/// 100,000 reviews to YAML took 149,000 page faults. Blocks up to 1 MiB kept
/// in the heaps, and a heap trimmed only once 4 MiB of its top are free, take
/// 18,000 (all four formats: 148,000 → 25,000–29,000) for no more memory at
/// the peak (61–62 MiB for all four; thresholds of 32 and 64 MiB saved a few
/// thousand faults more but held 65 MiB, past the 64 MiB the tool keeps to at
/// 100,000 reviews). Set once, at the start of the process: the library
/// leaves its caller's allocator as it is.
enum AllocatorSettings {
  /// Applies the settings with glibc's `mallopt` (looked up at run time:
  /// Swift's Glibc module does not carry `malloc.h`); elsewhere, nothing.
  static func apply() {
    #if canImport(Glibc)
      typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
      let mallopt = unsafeBitCast(symbol, to: MallOpt.self)
      // malloc.h: M_TRIM_THRESHOLD is -1, M_MMAP_THRESHOLD is -3.
      _ = mallopt(-3, 1 << 20)
      _ = mallopt(-1, 4 << 20)
    #endif
  }
}

#if canImport(Glibc)
import Glibc
#endif

/// glibc's allocator gives each thread that allocates its own arena (up to 8 per core), and
/// memory freed in one arena serves only that arena. vipctl decodes pages on the concurrency
/// pool's threads and merges them on another, so with the default the TUI at 100,000 ports
/// held tens of MB more than it used. Two arenas keep both cores busy without that.
///
/// A fixed mmap threshold (1 MiB) keeps every large array (a list's index at 100,000 rows)
/// in its own mapping, given back when freed; glibc's default raises the threshold after each
/// such free, and the next large arrays then stay in the heap after they are freed.
///
/// `mallopt` is declared in malloc.h, which Swift's Glibc module does not import: it is looked
/// up by name (and skipped on a C library without it).
enum MemoryTuning {
    /// glibc's `M_ARENA_MAX` (malloc.h).
    static let arenaMax: Int32 = -8
    /// glibc's `M_MMAP_THRESHOLD` (malloc.h).
    static let mmapThreshold: Int32 = -3

    static func apply() {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(arenaMax, 2)
        _ = mallopt(mmapThreshold, 1 << 20)
        #endif
    }
}

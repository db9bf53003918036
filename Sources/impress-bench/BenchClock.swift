#if canImport(Glibc)
import Glibc
#endif

/// A reading of the monotonic clock and of this thread's CPU clock. On a shared, loaded machine
/// the CPU time is the steadier figure (waiting for a core does not count); wall time is what a
/// caller sees.
struct BenchClock {
    var wallNs: Int64
    var cpuNs: Int64

    static func now() -> BenchClock {
        BenchClock(wallNs: read(CLOCK_MONOTONIC), cpuNs: read(CLOCK_THREAD_CPUTIME_ID))
    }

    func since(_ start: BenchClock) -> BenchDuration {
        BenchDuration(wallNs: wallNs - start.wallNs, cpuNs: cpuNs - start.cpuNs)
    }

    private static func read(_ clock: clockid_t) -> Int64 {
        var spec = timespec()
        clock_gettime(clock, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}

struct BenchDuration {
    var wallNs: Int64
    var cpuNs: Int64

    var wallSeconds: Double { Double(wallNs) / 1e9 }
    var cpuSeconds: Double { Double(cpuNs) / 1e9 }
}

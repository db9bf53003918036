import Glibc

/// Seconds since the Unix epoch, the default clock of the verifier and the key cache
/// (tests pass their own).
public enum WallClock {
    @Sendable public static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1_000_000_000
    }
}

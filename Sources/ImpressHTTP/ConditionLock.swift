import Glibc

/// A pthread mutex with one condition variable, for the server's worker queue (its mailbox and
/// the verified-token cache use only the mutex). glibc's mutex sleeps at once when taken, where
/// `Synchronization.Mutex` spins first: with more workers than cores the spinning took the CPU
/// the holder needed. (Here because the server and the authorizer both depend on this module.)
/// `@unchecked Sendable`: the pthread objects live at stable heap addresses and are only
/// touched through pthread calls, which are thread-safe by definition.
public final class ConditionLock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    public init() {
        pthread_mutex_init(mutex, nil)
        // Timed waits count on the monotonic clock: a wall-clock step must not end one early
        // or stretch it.
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    public func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Waits for a signal; call only inside `withLock`.
    public func wait() {
        pthread_cond_wait(condition, mutex)
    }

    /// Waits for a signal or until `deadline` (monotonic seconds, as `Posix.monotonicNow`);
    /// call only inside `withLock`. The caller rechecks its condition and the time either way.
    public func wait(until deadline: Double) {
        let whole = deadline.rounded(.down)
        var time = timespec(tv_sec: Int(whole), tv_nsec: Int((deadline - whole) * 1_000_000_000))
        pthread_cond_timedwait(condition, mutex, &time)
    }

    public func broadcast() {
        pthread_cond_broadcast(condition)
    }

    public func signal() {
        pthread_cond_signal(condition)
    }
}

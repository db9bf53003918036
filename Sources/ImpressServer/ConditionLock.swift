import Glibc

/// A pthread mutex with one condition variable, for the worker queue (the mailbox uses only
/// the mutex). glibc's mutex sleeps at once when taken, where `Synchronization.Mutex` spins.
/// `@unchecked Sendable`: the pthread objects live at stable heap addresses and are only
/// touched through pthread calls, which are thread-safe by definition.
final class ConditionLock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
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

    func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Waits for a signal; call only inside `withLock`.
    func wait() {
        pthread_cond_wait(condition, mutex)
    }

    /// Waits for a signal or until `deadline` (monotonic seconds, as `Posix.monotonicNow`);
    /// call only inside `withLock`. The caller rechecks its condition and the time either way.
    func wait(until deadline: Double) {
        let whole = deadline.rounded(.down)
        var time = timespec(tv_sec: Int(whole), tv_nsec: Int((deadline - whole) * 1_000_000_000))
        pthread_cond_timedwait(condition, mutex, &time)
    }

    func broadcast() {
        pthread_cond_broadcast(condition)
    }

    func signal() {
        pthread_cond_signal(condition)
    }
}

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
        pthread_cond_init(condition, nil)
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

    func broadcast() {
        pthread_cond_broadcast(condition)
    }

    func signal() {
        pthread_cond_signal(condition)
    }
}

import ImpressHTTP

/// A fixed set of threads taking jobs from a bounded queue. The event loop never waits on
/// it: `submit` refuses at once when the queue is full, and the caller answers 503.
final class WorkerPool<Job: Sendable>: Sendable {
    private struct State {
        var queue: [Job] = []
        var head = 0
        var stopping = false
        /// Threads not yet returned; each says so under the lock as it ends.
        var running = 0
    }

    private let lock = ConditionLock()
    // Guarded by `lock`; a class box so the Sendable pool can hold mutable state.
    private let state: StateBox
    private let queueDepth: Int

    private final class StateBox: @unchecked Sendable {
        // Only read or written while `WorkerPool.lock` is held.
        var value = State()
    }

    init(threads: Int, queueDepth: Int, work: @escaping @Sendable (Job) -> Void) throws(ServerError) {
        self.queueDepth = max(1, queueDepth)
        self.state = StateBox()
        for _ in 0..<max(1, threads) {
            lock.withLock { state.value.running += 1 }
            do {
                try Threads.spawnDetached { [lock, state] in
                    while let job = WorkerPool.next(lock: lock, state: state) {
                        work(job)
                    }
                    lock.withLock {
                        state.value.running -= 1
                        lock.broadcast()
                    }
                }
            } catch {
                // The threads already started end at `stop()`; this one never ran.
                lock.withLock { state.value.running -= 1 }
                throw error
            }
        }
    }

    /// Queues a job; false when the queue is full or the pool is stopping.
    func submit(_ job: Job) -> Bool {
        lock.withLock {
            let waiting = state.value.queue.count - state.value.head
            guard !state.value.stopping, waiting < queueDepth else { return false }
            state.value.queue.append(job)
            lock.signal()
            return true
        }
    }

    /// Lets the workers end: jobs not yet started are dropped (their connections are closed
    /// by then), a worker inside a job finishes it first.
    func stop() {
        lock.withLock {
            state.value.stopping = true
            state.value.queue.removeAll()
            state.value.head = 0
            lock.broadcast()
        }
    }

    /// After `stop()`: waits until every worker has ended or `seconds` pass, and returns how
    /// many are still inside a job. The process must not exit under one of those: exit's
    /// clean-up (OpenSSL's `atexit` handler among them) would free what it is using.
    func join(within seconds: Double) -> Int {
        let deadline = Posix.monotonicNow() + seconds
        return lock.withLock {
            while state.value.running > 0 && Posix.monotonicNow() < deadline {
                lock.wait(until: deadline)
            }
            return state.value.running
        }
    }

    private static func next(lock: ConditionLock, state: StateBox) -> Job? {
        lock.withLock {
            while true {
                if state.value.stopping { return nil }
                if state.value.head < state.value.queue.count {
                    let job = state.value.queue[state.value.head]
                    state.value.head += 1
                    if state.value.head == state.value.queue.count {
                        state.value.queue.removeAll(keepingCapacity: true)
                        state.value.head = 0
                    }
                    return job
                }
                lock.wait()
            }
        }
    }
}

#if canImport(Glibc)
    import Glibc
#endif

/// Runs `body(0..<count)` each on its own thread and returns when all are done. The DynamoDB
/// store's reads are I/O-bound, so threads rather than a CPU-sized pool: with 4 slices on 2
/// cores the wall time still approaches that of the slowest slice. The file store's loader
/// asks for one thread per core.
enum ConcurrentRun {
    static func run(_ count: Int, _ body: (Int) -> Void) {
        guard count > 1 else {
            if count == 1 { body(0) }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            var threads: [pthread_t] = []
            for index in 1..<count {
                let task = ThreadTask { escapable(index) }
                var thread = pthread_t()
                let retained = Unmanaged.passRetained(task).toOpaque()
                let created = pthread_create(&thread, nil, { raw in
                    guard let raw else { return nil }
                    Unmanaged<ThreadTask>.fromOpaque(raw).takeRetainedValue().run()
                    return nil
                }, retained)
                if created == 0 {
                    threads.append(thread)
                } else {
                    Unmanaged<ThreadTask>.fromOpaque(retained).release()
                    escapable(index)  // no thread to be had: run it on this one
                }
            }
            escapable(0)
            for thread in threads { pthread_join(thread, nil) }
        }
    }
}

/// A closure handed to a thread. `@unchecked Sendable` is safe because `ConcurrentRun.run` joins
/// every thread before it returns, so the closure never outlives its captures, and the state
/// the closures share is behind a lock.
private final class ThreadTask: @unchecked Sendable {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}

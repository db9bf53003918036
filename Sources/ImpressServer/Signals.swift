import Glibc
import Synchronization

/// `SIGTERM`/`SIGINT` become a stop request: the handler only stores a flag and writes to an
/// pipe, both async-signal-safe (the self-pipe pattern).
enum Signals {
    private static let received = Atomic<Bool>(false)
    private static let wakeDescriptor = Atomic<Int32>(-1)

    struct Installed {
        let previousTerminate: __sighandler_t?
        let previousInterrupt: __sighandler_t?
    }

    static func install(wakeDescriptor fd: Int32) -> Installed {
        received.store(false, ordering: .sequentiallyConsistent)
        wakeDescriptor.store(fd, ordering: .sequentiallyConsistent)
        let handler: @convention(c) (Int32) -> Void = { _ in
            Signals.received.store(true, ordering: .sequentiallyConsistent)
            let target = Signals.wakeDescriptor.load(ordering: .sequentiallyConsistent)
            if target >= 0 {
                var one: UInt8 = 1
                _ = write(target, &one, 1)
            }
        }
        let installed = Installed(previousTerminate: signal(SIGTERM, handler), previousInterrupt: signal(SIGINT, handler))
        // A signal mask survives exec: unblock both here, so the loop thread (and the workers
        // it starts) can take them even if the parent had them blocked.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        return installed
    }

    static func restore(_ installed: Installed) {
        signal(SIGTERM, installed.previousTerminate)
        signal(SIGINT, installed.previousInterrupt)
        wakeDescriptor.store(-1, ordering: .sequentiallyConsistent)
    }

    static var wasReceived: Bool { received.load(ordering: .sequentiallyConsistent) }
}

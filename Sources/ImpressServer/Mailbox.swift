import Glibc
import ImpressHTTP
import Synchronization

/// A worker's finished answer, handed back to the event loop to write.
struct Completion: Sendable {
    let connectionKey: UInt64
    let serial: UInt64
    let answer: RequestHandler.Answer
}

/// How workers and `requestStop()` reach the event loop: a list under a lock plus a
/// self-pipe the loop polls. Owns the pipe; workers keep the mailbox alive while they run.
final class Mailbox: Sendable {
    /// The end the loop polls.
    let readDescriptor: Int32
    /// The end wakers write a byte to (also the signal handler's target).
    let wakeDescriptor: Int32
    /// A pthread mutex, not `Synchronization.Mutex`: that one spins before it sleeps, and with
    /// more workers than cores the spinning took the CPU the holder needed (4% of the
    /// authenticated route's profile, in `Mailbox.post`).
    private let lock = ConditionLock()
    private let completions = CompletionList()
    private let stopRequested = Atomic<Bool>(false)

    private final class CompletionList: @unchecked Sendable {
        // Only read or written while `Mailbox.lock` is held.
        var items: [Completion] = []
    }

    init() throws(ServerError) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw ServerError("pipe: \(String(cString: strerror(errno)))") }
        readDescriptor = ends[0]
        wakeDescriptor = ends[1]
        do {
            try Posix.setNonBlocking(readDescriptor)
            try Posix.setNonBlocking(wakeDescriptor)
        } catch {
            Posix.close(readDescriptor)
            Posix.close(wakeDescriptor)
            throw ServerError("cannot set up the wake pipe: \(error)")
        }
    }

    deinit {
        Posix.close(readDescriptor)
        Posix.close(wakeDescriptor)
    }

    /// Wakes the loop only for the first completion of a batch: a list that was not empty
    /// already has its wake byte in the pipe, or is being taken after the loop drained it.
    func post(_ completion: Completion) {
        let wasEmpty = lock.withLock {
            defer { completions.items.append(completion) }
            return completions.items.isEmpty
        }
        if wasEmpty { wake() }
    }

    func requestStop() {
        stopRequested.store(true, ordering: .sequentiallyConsistent)
        wake()
    }

    var isStopRequested: Bool { stopRequested.load(ordering: .sequentiallyConsistent) }

    func takeCompletions() -> [Completion] {
        lock.withLock {
            defer { completions.items = [] }
            return completions.items
        }
    }

    /// Empties the pipe after the loop woke on it.
    func acknowledgeWake() {
        var sink = [UInt8](repeating: 0, count: 256)
        while read(readDescriptor, &sink, sink.count) > 0 {}
    }

    /// A full pipe already means "wake up", so a failed write needs no retry.
    private func wake() {
        var one: UInt8 = 1
        _ = write(wakeDescriptor, &one, 1)
    }
}

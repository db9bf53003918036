import Glibc
import ImpressHTTP
import Synchronization

/// The FastCGI responder daemon: one event-loop thread for socket I/O (which also gives the
/// answers that need no waiting) and a fixed pool of workers that call the responder.
public final class FastCGIServer: Sendable {
    public let configuration: ServerConfiguration
    private let handler: RequestHandler
    private let log: JSONLog
    private let listener: ListeningSocket
    private let mailbox: Mailbox
    private let started = Atomic<Bool>(false)

    /// Opens the listening socket now, so a bad address fails before `run()`.
    public init(configuration: ServerConfiguration, responder: any Responder, log: JSONLog) throws(ServerError) {
        self.configuration = configuration
        self.handler = RequestHandler(responder: responder, log: log)
        self.log = log
        self.listener = try ListeningSocket(configuration.listen, environment: configuration.environment)
        self.mailbox = try Mailbox()
    }

    /// The TCP port listened on (useful with port 0); nil for unix sockets.
    public var boundPort: Int? { listener.port }

    /// Serves until `requestStop()` (or `SIGTERM`/`SIGINT` when `handlesSignals`), then
    /// finishes in-flight requests within `drainSeconds`, waits up to `workerJoinSeconds` for
    /// the workers to end, and returns how many were still inside a request (logged): while
    /// one is, the process must leave with `_exit`, not `exit` (see `WorkerPool.join`).
    @discardableResult
    public func run() throws -> Int {
        guard !started.exchange(true, ordering: .sequentiallyConsistent) else {
            throw ServerError("FastCGIServer.run() was already called")
        }
        // Writes use MSG_NOSIGNAL; this also covers any other write to a closed peer.
        signal(SIGPIPE, SIG_IGN)
        let installed = configuration.handlesSignals ? Signals.install(wakeDescriptor: mailbox.wakeDescriptor) : nil
        defer { installed.map(Signals.restore) }

        let handler = self.handler
        let mailbox = self.mailbox
        let pool = try WorkerPool<WorkItem>(threads: configuration.workers, queueDepth: configuration.queueDepth) {
            item in
            mailbox.post(Completion(connectionKey: item.connectionKey, serial: item.serial, answer: handler.answer(item)))
        }
        defer { listener.close() }
        do {
            let loop = try EventLoop(
                configuration: configuration, listener: listener, mailbox: mailbox, pool: pool, handler: handler, log: log)
            try loop.run()
        } catch {
            stopWorkers(pool)
            throw error
        }
        return stopWorkers(pool)
    }

    @discardableResult
    private func stopWorkers(_ pool: WorkerPool<WorkItem>) -> Int {
        pool.stop()
        let busy = pool.join(within: configuration.workerJoinSeconds)
        if busy > 0 {
            log.log(
                .warning, "workers still inside a request at stop",
                [("workers", .int(busy)), ("waited_s", .number(String(configuration.workerJoinSeconds)))])
        }
        return busy
    }

    /// Stops accepting, closes idle connections and lets `run()` return once in-flight
    /// requests are answered (or `drainSeconds` pass). Safe from any thread.
    public func requestStop() {
        mailbox.requestStop()
    }
}

import CLinux
import FastCGI
import Glibc
import ImpressHTTP

/// The one thread that does socket I/O: it waits (epoll) on the listener, the wake pipe and
/// every connection, feeds bytes to each connection's protocol state, queues complete requests to
/// the workers and writes their answers. An idle kept connection costs a registration, never a
/// worker (php-fpm pins a child per kept connection and starves).
final class EventLoop {
    private let configuration: ServerConfiguration
    private let listener: ListeningSocket
    private let mailbox: Mailbox
    private let pool: WorkerPool<WorkItem>
    private let handler: RequestHandler
    private let log: JSONLog
    private let limits: FastCGIConnection.Limits
    private let allowedPeers: Set<String>?

    private let poller: Poller
    private var connections: [UInt64: ClientConnection] = [:]
    /// Connection keys are also their poller tags, above the two fixed ones.
    private var nextKey: UInt64 = 2
    private static let mailboxTag: UInt64 = 0
    private static let listenerTag: UInt64 = 1
    private var listenerRegistered = false
    private var nextSerial: UInt64 = 0
    private var accepting = true
    /// Accepting paused after EMFILE/ENFILE, until a connection closes.
    private var acceptPaused = false
    private var drainDeadline: Double?
    private var readBuffer = [UInt8](repeating: 0, count: 65536)
    /// Request log lines of this pass, written together at its end.
    private var pendingLog: [UInt8] = []

    /// How long a closing connection drains input after our FIN.
    private static let lingerSeconds = 2.0
    /// Wait timeout while connections exist, for the timeouts to be checked.
    private static let tickMilliseconds: Int32 = 200

    init(
        configuration: ServerConfiguration, listener: ListeningSocket, mailbox: Mailbox,
        pool: WorkerPool<WorkItem>, handler: RequestHandler, log: JSONLog
    ) throws(SystemCallError) {
        self.poller = try Poller()
        try poller.add(mailbox.readDescriptor, events: Int16(POLLIN), tag: EventLoop.mailboxTag)
        self.configuration = configuration
        self.listener = listener
        self.mailbox = mailbox
        self.pool = pool
        self.handler = handler
        self.log = log
        self.limits = FastCGIConnection.Limits(
            maxParamsBytes: configuration.maxParamsBytes, maxBodyBytes: configuration.maxBodyBytes,
            maxConnections: configuration.maxConnections)
        self.allowedPeers = configuration.webServerAddresses.map(Set.init)
    }

    func run() throws(SystemCallError) {
        defer {
            for connection in connections.values { close(connection) }
            writePendingLog()
        }
        while true {
            try updateListenerRegistration()
            let timeout = connections.isEmpty && drainDeadline == nil && !acceptPaused ? -1 : EventLoop.tickMilliseconds
            let ready = try poller.wait(timeout: timeout)
            // A pause for lack of descriptors ends with a close of ours, or at the next tick:
            // descriptors freed elsewhere in the process must not leave the listener unpolled.
            if ready.isEmpty { acceptPaused = false }
            // A stop is taken before accepting: connections still in the listener's backlog
            // stay there (for the next daemon, on a socket systemd holds) instead of being
            // accepted now and closed unread by the drain below. (A listener event already
            // in `ready` then finds `accepting` false.)
            if drainDeadline == nil && (mailbox.isStopRequested || (configuration.handlesSignals && Signals.wasReceived)) {
                beginDrain(now: Posix.monotonicNow())
            }

            for event in ready {
                switch event.tag {
                case EventLoop.mailboxTag: mailbox.acknowledgeWake()
                case EventLoop.listenerTag: acceptConnections()
                default:
                    if let connection = connections[event.tag] { service(connection, events: event.events) }
                }
            }
            for completion in mailbox.takeCompletions() { deliver(completion) }
            let now = Posix.monotonicNow()
            enforceTimeouts(now: now)
            writePendingLog()
            if let deadline = drainDeadline {
                closeIdleConnections()
                if connections.isEmpty || now >= deadline { return }
            }
        }
    }

    // MARK: accepting

    private func acceptConnections() {
        while accepting {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let fd: Int32
            do {
                // Non-blocking and close-on-exec from the start: four fcntl(2) calls fewer for
                // each of the connections nginx opens beyond its kept ones.
                fd = try Posix.call("accept4") {
                    withUnsafeMutablePointer(to: &storage) {
                        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                            impress_accept_nonblocking(listener.fd, $0, &length)
                        }
                    }
                }
            } catch {
                switch error.code {
                case ECONNABORTED:
                    continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    // The poller is level-triggered: retrying now would spin. Wait for a close.
                    acceptPaused = true
                    log.log(.warning, "accept paused", [("error", .string(error.description))])
                default:
                    break
                }
                return
            }
            guard connections.count < configuration.maxConnections else {
                Posix.close(fd)
                continue
            }
            if listener.isInternet, let allowedPeers {
                // FCGI_WEB_SERVER_ADDRS (FastCGI §3.2): only listed web servers may connect.
                guard let host = SocketAddress(storage).host, allowedPeers.contains(host) else {
                    Posix.close(fd)
                    continue
                }
            }
            let key = nextKey
            nextKey += 1
            let connection = ClientConnection(fd: fd, key: key, limits: limits, now: Posix.monotonicNow())
            do {
                try poller.add(fd, events: connection.interest, tag: key)
            } catch {
                Posix.close(fd)
                continue
            }
            connection.registeredInterest = connection.interest
            connections[key] = connection
        }
    }

    /// The listener is waited on only while accepting and not paused (level-triggered: an
    /// unaccepted connection would otherwise wake every pass).
    private func updateListenerRegistration() throws(SystemCallError) {
        let wanted = accepting && !acceptPaused
        guard wanted != listenerRegistered else { return }
        if wanted {
            try poller.add(listener.fd, events: Int16(POLLIN), tag: EventLoop.listenerTag)
        } else {
            try poller.remove(listener.fd)
        }
        listenerRegistered = wanted
    }

    // MARK: reading

    private func service(_ connection: ClientConnection, events: Int16) {
        // POLLHUP while waiting on an answer after the peer's FIN means it reset: nobody to answer.
        if events & Int16(POLLNVAL | POLLERR) != 0
            || (events & Int16(POLLHUP) != 0 && connection.peerFinishedSending)
        {
            close(connection)
            return
        }
        if events & Int16(POLLIN | POLLHUP) != 0 {
            readAvailable(connection)
        }
        if connections[connection.key] != nil, events & Int16(POLLOUT) != 0 {
            flush(connection)
        }
        updateRegistration(connection)
    }

    /// Tells the poller when what the connection waits for changed (most requests change nothing:
    /// the answer is written at once and the connection goes back to waiting for input).
    private func updateRegistration(_ connection: ClientConnection) {
        let interest = connection.interest
        guard connections[connection.key] != nil, interest != connection.registeredInterest else { return }
        do {
            try poller.modify(connection.fd, events: interest, tag: connection.key)
            connection.registeredInterest = interest
        } catch {
            close(connection)
        }
    }

    private func readAvailable(_ connection: ClientConnection) {
        let count: Int
        do {
            count = try Posix.call("read") { read(connection.fd, &readBuffer, readBuffer.count) }
        } catch {
            if error.code != EAGAIN && error.code != EWOULDBLOCK { close(connection) }
            return
        }
        let now = Posix.monotonicNow()
        guard count > 0 else {
            endOfInput(connection)
            return
        }
        connection.lastActivity = now
        if connection.lingerDeadline != nil { return }
        if connection.requestStarted == nil && connection.protocolState.isIdle { connection.requestStarted = now }
        let events: [ConnectionEvent]
        do {
            events = try connection.protocolState.receive(readBuffer[0..<count])
        } catch {
            log.log(.warning, "closing connection: malformed FastCGI input", [("error", .string("\(error)"))])
            connection.inFlight = nil
            connection.output = []
            connection.outputOffset = 0
            startLinger(connection, now: now)
            return
        }
        for event in events { apply(event, to: connection, now: now) }
        if connection.protocolState.isIdle { connection.requestStarted = nil }
        flush(connection)
    }

    private func endOfInput(_ connection: ClientConnection) {
        // A peer that half-closes after a complete request still gets its answer; one that
        // leaves mid-request cancels it (the answer, if any, is dropped on delivery).
        if connection.inFlight != nil && connection.lingerDeadline == nil {
            connection.peerFinishedSending = true
            connection.closeAfterFlush = true
        } else {
            close(connection)
        }
    }

    private func apply(_ event: ConnectionEvent, to connection: ClientConnection, now: Double) {
        switch event {
        case .send(let bytes):
            connection.output.append(contentsOf: bytes)
        case .request(let request):
            dispatch(request, on: connection, now: now)
        case .aborted(let id):
            if connection.inFlight?.fastCGIRequestId == id { connection.inFlight = nil }
        case .close:
            connection.closeAfterFlush = true
        }
    }

    private func dispatch(_ request: FastCGIRequest, on connection: ClientConnection, now: Double) {
        nextSerial += 1
        let refusal: APIError? =
            switch request.refusal {
            case .paramsTooLarge: APIError(.payloadTooLarge, "Request header fields too large")
            case .bodyTooLarge: APIError(.payloadTooLarge, "Request body too large; the API takes no body")
            case nil: nil
            }
        let item = WorkItem(
            connectionKey: connection.key, serial: nextSerial, fastCGIRequestId: request.id,
            request: CGIRequest.httpRequest(request), refusal: refusal, received: now)
        connection.inFlight = ClientConnection.InFlight(fastCGIRequestId: request.id, serial: nextSerial)
        connection.requestStarted = nil
        if let answer = handler.immediateAnswer(item) {
            deliver(Completion(connectionKey: connection.key, serial: item.serial, answer: answer))
            return
        }
        guard pool.submit(item) else {
            // Overload: a 503 JSON answer now (nginx turns FCGI_OVERLOADED into a bare 502).
            let busy = WorkItem(
                connectionKey: item.connectionKey, serial: item.serial, fastCGIRequestId: item.fastCGIRequestId,
                request: item.request, refusal: APIError(.unavailable, "Server busy"), received: now)
            deliver(Completion(connectionKey: connection.key, serial: item.serial, answer: handler.answer(busy)))
            return
        }
    }

    // MARK: writing

    private func deliver(_ completion: Completion) {
        // The request was answered, whether or not its connection is still there to take it.
        pendingLog.append(contentsOf: completion.answer.logLine)
        guard let connection = connections[completion.connectionKey],
            connection.inFlight?.serial == completion.serial
        else { return }
        connection.inFlight = nil
        connection.output.append(contentsOf: completion.answer.bytes)
        if !connection.protocolState.finishRequest() { connection.closeAfterFlush = true }
        connection.lastActivity = Posix.monotonicNow()
        flush(connection)
        updateRegistration(connection)
    }

    private func flush(_ connection: ClientConnection) {
        while connection.hasPendingOutput {
            let written: Int
            do {
                written = try Posix.call("send") {
                    connection.output.withUnsafeBytes { raw in
                        send(
                            connection.fd, raw.baseAddress.map { $0 + connection.outputOffset },
                            raw.count - connection.outputOffset, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
                    }
                }
            } catch {
                if error.code == EAGAIN || error.code == EWOULDBLOCK { return }
                close(connection)
                return
            }
            connection.outputOffset += written
            connection.lastActivity = Posix.monotonicNow()
        }
        connection.output.removeAll(keepingCapacity: connection.output.capacity <= 65536)
        connection.outputOffset = 0
        if connection.closeAfterFlush && connection.inFlight == nil && connection.lingerDeadline == nil {
            startLinger(connection, now: Posix.monotonicNow())
        }
    }

    private func writePendingLog() {
        guard !pendingLog.isEmpty else { return }
        log.writeLines(pendingLog)
        pendingLog.removeAll(keepingCapacity: pendingLog.capacity <= 65536)
    }

    // MARK: closing

    /// FCGI_KEEP_CONN clear (§5.1): the application closes. Shutting the write side first and
    /// draining what the peer still sends makes the peer see FIN rather than RST.
    private func startLinger(_ connection: ClientConnection, now: Double) {
        if connection.peerFinishedSending || shutdown(connection.fd, Int32(SHUT_WR)) != 0 {
            close(connection)
            return
        }
        connection.lingerDeadline = now + EventLoop.lingerSeconds
    }

    private func close(_ connection: ClientConnection) {
        Posix.close(connection.fd)
        connections[connection.key] = nil
        acceptPaused = false
    }

    /// While draining. A request nginx sent on a kept connection after this pass's wait is
    /// read first: a connection it began is no longer idle, and its request is answered
    /// instead of being cut by the close (before, nginx got a reset and had to retry it).
    private func closeIdleConnections() {
        for connection in connections.values {
            if connection.lingerDeadline == nil && connection.isIdle { readAvailable(connection) }
            if connections[connection.key] != nil && (connection.isIdle || connection.lingerDeadline != nil) {
                close(connection)
            } else {
                updateRegistration(connection)
            }
        }
    }

    private func enforceTimeouts(now: Double) {
        for connection in connections.values {
            if let linger = connection.lingerDeadline {
                if now >= linger { close(connection) }
            } else if connection.hasPendingOutput {
                if now - connection.lastActivity > configuration.writeTimeout {
                    log.log(.warning, "closing connection: write timeout")
                    close(connection)
                }
            } else if connection.inFlight != nil {
                continue
            } else if let started = connection.requestStarted {
                if now - started > configuration.requestTimeout {
                    log.log(.warning, "closing connection: request not received in time")
                    close(connection)
                }
            } else if now - connection.lastActivity > configuration.idleTimeout {
                close(connection)
            }
        }
    }

    private func beginDrain(now: Double) {
        accepting = false
        if listenerRegistered {
            // A listening descriptor inherited from systemd may have copies that keep it open.
            try? poller.remove(listener.fd)
            listenerRegistered = false
        }
        listener.close()
        drainDeadline = now + configuration.drainSeconds
    }
}

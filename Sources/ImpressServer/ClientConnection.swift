import FastCGI
import Glibc

/// One accepted connection, owned by the event loop thread (never shared with workers: they
/// get a copy of the request and hand back bytes).
final class ClientConnection {
    /// The request a worker is answering; its answer is dropped unless the serial matches.
    struct InFlight {
        let fastCGIRequestId: UInt16
        let serial: UInt64
    }

    let fd: Int32
    let key: UInt64
    var protocolState: FastCGIConnection
    var output: [UInt8] = []
    var outputOffset = 0
    var inFlight: InFlight?
    /// `FCGI_KEEP_CONN` was clear, or the peer is gone: close once the output is written.
    var closeAfterFlush = false
    /// The peer shut its write side; an answer in progress is still written.
    var peerFinishedSending = false
    /// Set once our write side is shut and the rest of the input is being drained
    /// (so the peer sees FIN, not RST); the connection closes at this deadline or EOF.
    var lingerDeadline: Double?
    /// The last time bytes moved either way.
    var lastActivity: Double
    /// When the first byte of the request being received arrived.
    var requestStarted: Double?
    /// The events the poller was last told to wait for (`interest` when it was registered).
    var registeredInterest: Int16 = 0

    init(fd: Int32, key: UInt64, limits: FastCGIConnection.Limits, now: Double) {
        self.fd = fd
        self.key = key
        self.protocolState = FastCGIConnection(limits: limits)
        self.lastActivity = now
    }

    var hasPendingOutput: Bool { outputOffset < output.count }

    /// Nothing in progress: no request being received, answered or written.
    var isIdle: Bool {
        inFlight == nil && !hasPendingOutput && lingerDeadline == nil && protocolState.isIdle
    }

    /// The events (poll(2) bits) this connection waits for.
    var interest: Int16 {
        if lingerDeadline != nil { return Int16(POLLIN) }
        if hasPendingOutput { return Int16(POLLOUT) }
        if peerFinishedSending { return 0 }
        return Int16(POLLIN)
    }
}

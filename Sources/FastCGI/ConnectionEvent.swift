/// What the owner of a connection must do after feeding it bytes, in order.
public enum ConnectionEvent: Sendable, Equatable {
    /// Write these bytes (management answers, `END_REQUEST` for refused or aborted requests).
    case send([UInt8])
    /// A complete request to answer; then call `FastCGIConnection.finishRequest()`.
    case request(FastCGIRequest)
    /// `FCGI_ABORT_REQUEST` (§5.4) for the request in progress: drop its answer if one is
    /// still being made. The `END_REQUEST` that §5.4 asks for follows as `.send`.
    case aborted(requestId: UInt16)
    /// Close the connection once what came before is written (`FCGI_KEEP_CONN` clear).
    case close
}

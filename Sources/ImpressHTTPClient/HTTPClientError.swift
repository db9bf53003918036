/// Why no response came back, classed so callers can decide about retries:
/// a connect failure or a timeout may be retried, a reset usually too, the rest not.
public enum HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request cannot be made as given (bad URL, refused scheme).
    case invalidRequest(String)
    /// No connection: refused, unreachable, name not resolved.
    case connectFailed(String)
    /// The connect or total timeout passed.
    case timeout(String)
    /// The connection broke, the TLS handshake failed, or the reply was not HTTP.
    case transport(String)
    /// The body passed `maxResponseBytes`.
    case responseTooLarge(limit: Int)

    public var description: String {
        switch self {
        case .invalidRequest(let m): return "invalid request: \(m)"
        case .connectFailed(let m): return "connect failed: \(m)"
        case .timeout(let m): return "timed out: \(m)"
        case .transport(let m): return "transport error: \(m)"
        case .responseTooLarge(let limit): return "response larger than \(limit) bytes"
        }
    }
}

/// Why a connection's input was refused. Any of these closes that one connection.
public enum FastCGIError: Error, Sendable, Equatable {
    /// §3.3: only `FCGI_VERSION_1` exists.
    case unsupportedVersion(UInt8)
    /// §5.1: the `FCGI_BEGIN_REQUEST` body is exactly 8 bytes.
    case malformedBeginRequest(length: Int)
    /// §3.4: a name-value pair whose lengths run past the bytes that carry it.
    case malformedNameValuePair
    /// `FCGI_BEGIN_REQUEST` for an id already in progress on this connection (§3.3).
    case requestIdInUse(UInt16)
    /// A stream record out of order for its request (e.g. `PARAMS` after `STDIN`).
    case unexpectedRecord(type: UInt8, requestId: UInt16)
}

import ImpressHTTPClient

/// Why a DynamoDB operation failed. Messages carry the service's words and our context,
/// never a credential.
public enum DynamoDBError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The service answered with an error: its type (`ThrottlingException`, without the
    /// `com.amazonaws…#` prefix), message and HTTP status.
    case service(type: String, message: String, status: Int)
    /// No usable HTTP exchange: connect failure, timeout, reset.
    case transport(HTTPClientError)
    /// The reply was not what the protocol promises (bad JSON, a missing member).
    case badReply(String)
    /// The body does not match its `x-amz-crc32` header: corrupted on the way.
    case checksumMismatch
    /// No credentials could be found or fetched.
    case credentials(String)
    /// The operation's deadline (retries included) passed.
    case deadlineExceeded

    public var description: String {
        switch self {
        case .service(let type, let message, let status): return "\(type) (\(status)): \(message)"
        case .transport(let error): return error.description
        case .badReply(let reason): return "bad reply: \(reason)"
        case .checksumMismatch: return "bad reply: x-amz-crc32 does not match the body"
        case .credentials(let reason): return "credentials: \(reason)"
        case .deadlineExceeded: return "no answer within the operation deadline"
        }
    }

    /// The service error type, when the service answered.
    public var serviceType: String? {
        if case .service(let type, _, _) = self { return type }
        return nil
    }
}

import ImpressJSON

/// Every error a client can see (API.md §3): a code, its status, a message that never echoes
/// a token or secret, and any headers the status calls for. The status is chosen here only.
public struct APIError: Error, Sendable, Equatable {
    public enum Code: String, Sendable {
        case invalidParameter = "invalid_parameter"
        case unauthorized
        case forbidden
        case notFound = "not_found"
        case methodNotAllowed = "method_not_allowed"
        case payloadTooLarge = "payload_too_large"
        case `internal`
        case notImplemented = "not_implemented"
        case upstreamError = "upstream_error"
        case unavailable
        case upstreamTimeout = "upstream_timeout"

        public var status: Int {
            switch self {
            case .invalidParameter: return 400
            case .unauthorized: return 401
            case .forbidden: return 403
            case .notFound: return 404
            case .methodNotAllowed: return 405
            case .payloadTooLarge: return 413
            case .internal: return 500
            case .notImplemented: return 501
            case .upstreamError: return 502
            case .unavailable: return 503
            case .upstreamTimeout: return 504
            }
        }
    }

    public var code: Code
    public var message: String
    /// For `unavailable`: seconds for `Retry-After`.
    public var retryAfter: Int?

    public init(_ code: Code, _ message: String, retryAfter: Int? = nil) {
        self.code = code
        self.message = message
        self.retryAfter = retryAfter ?? (code == .unavailable ? 1 : nil)
    }

    public static func invalidParameter(_ name: String, _ why: String) -> APIError {
        APIError(.invalidParameter, "Invalid parameter '\(name)': \(why)")
    }

    public static let methodNotAllowed = APIError(.methodNotAllowed, "Only GET and OPTIONS are allowed")
    public static let notFound = APIError(.notFound, "Not found")

    /// The response body and headers (CORS is added by the caller's policy).
    public func response(requestId: String) -> HTTPResponse {
        var r = HTTPResponse.json(
            code.status,
            .object([
                ("error", .object([("code", .string(code.rawValue)), ("message", .string(message))])),
                ("request_id", .string(requestId)),
            ]))
        switch code {
        case .unauthorized: r.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"")
        case .methodNotAllowed: r.setHeader("Allow", "GET, OPTIONS")
        case .unavailable: r.setHeader("Retry-After", String(retryAfter ?? 1))
        default: break
        }
        return r
    }
}

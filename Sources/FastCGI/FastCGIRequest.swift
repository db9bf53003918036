/// A responder request whose params and stdin have both ended (§6.2), ready to answer.
public struct FastCGIRequest: Sendable, Equatable {
    /// Why the request is answered with an error instead of being served.
    public enum Refusal: Sendable, Equatable {
        /// `PARAMS` passed `maxParamsBytes`; the params were dropped.
        case paramsTooLarge
        /// `STDIN` passed `maxBodyBytes`; the body was drained and ignored.
        case bodyTooLarge
    }

    public var id: UInt16
    /// `FCGI_KEEP_CONN` (§5.1): the connection stays open after this request.
    public var keepConnection: Bool
    /// CGI/1.1 variables; for a name sent twice the last value wins.
    public var params: [String: String]
    /// Bytes of `STDIN` received (the API is GET-only, so they are counted, not kept).
    public var bodyLength: Int
    public var refusal: Refusal?

    public init(
        id: UInt16, keepConnection: Bool, params: [String: String], bodyLength: Int = 0, refusal: Refusal? = nil
    ) {
        self.id = id
        self.keepConnection = keepConnection
        self.params = params
        self.bodyLength = bodyLength
        self.refusal = refusal
    }
}

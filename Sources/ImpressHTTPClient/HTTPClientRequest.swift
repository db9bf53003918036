/// One HTTP exchange to make: everything libcurl needs, with the limits that keep a caller
/// from waiting or buffering without bound.
public struct HTTPClientRequest: Sendable {
    public var method: String
    public var url: String
    /// Sent as given, in order; names are case-insensitive on the wire.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Milliseconds to establish the TCP (and TLS) connection.
    public var connectTimeoutMs: Int
    /// Milliseconds for the whole exchange, connection included.
    public var totalTimeoutMs: Int
    /// A response body larger than this fails with `.responseTooLarge`.
    public var maxResponseBytes: Int
    /// `file://` is refused unless this is set (a JWKS may be configured as a local file).
    public var allowFileURL: Bool

    public init(
        method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
        connectTimeoutMs: Int = 3_000, totalTimeoutMs: Int = 5_000, maxResponseBytes: Int = 16 << 20,
        allowFileURL: Bool = false
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeoutMs = connectTimeoutMs
        self.totalTimeoutMs = totalTimeoutMs
        self.maxResponseBytes = maxResponseBytes
        self.allowFileURL = allowFileURL
    }
}

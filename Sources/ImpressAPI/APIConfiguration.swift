import ImpressHTTP

/// What the responder needs from the daemon's settings (API.md §5), frozen at start.
public struct APIConfiguration: Sendable {
    /// `IMPRESS_BASE_PATH`: a prefix nginx mounts the API under, stripped before routing.
    public var basePath: String
    public var cors: CORSPolicy
    /// `IMPRESS_MAX_SCAN_EVENTS`: the ceiling on events read for one request.
    public var maxScanEvents: Int
    /// Reported by `/health`.
    public var version: String
    /// The clock, epoch milliseconds; a parameter so tests fix "now".
    public var now: @Sendable () -> Int64

    public init(
        basePath: String = "", cors: CORSPolicy = CORSPolicy(), maxScanEvents: Int = 1_000_000,
        version: String, now: @escaping @Sendable () -> Int64
    ) {
        self.basePath = basePath
        self.cors = cors
        self.maxScanEvents = maxScanEvents
        self.version = version
        self.now = now
    }
}

/// The daemon's settings (API.md §5): environment first, a flag of the same meaning overrides.
/// Bad or missing required settings are reported as one clear line and exit 2 before any
/// socket is opened.
public struct Settings: Sendable, Equatable {
    public enum StoreKind: Sendable, Equatable {
        case dynamodb
        case file(path: String)
    }

    public var listen: String?
    public var workers: Int
    public var store: StoreKind
    public var jwksURL: String?
    public var jwtKeyPEM: String?
    public var issuer: String?
    public var authorizedParties: [String]
    public var corsOrigins: [String]
    public var maxScanEvents: Int
    public var basePath: String
    public var drainSeconds: Double
    /// One HTTP attempt to DynamoDB (the AWS SDKs' "API call attempt timeout").
    public var dynamoDBAttemptTimeoutMs: Int
    /// One DynamoDB call with all its retries (the SDKs' "API call timeout"): a request that
    /// DynamoDB leaves hanging gets its 504 within this.
    public var dynamoDBCallTimeoutMs: Int
    /// One request's whole read from DynamoDB, every page of every slice: a DynamoDB slow on
    /// every page, each within the call timeout, still gives the request its 504 by then.
    public var readTimeoutMs: Int
    /// How long `/health` reuses its last DynamoDB ping.
    public var healthCacheMs: Int
    /// The environment after flags were applied, for the DynamoDB client's own settings
    /// (region, endpoint, credentials chain).
    public var environment: [String: String]

    /// Flags and the variables they set.
    public static let flags: [(flag: String, variable: String, meaning: String)] = [
        ("--listen", "IMPRESS_LISTEN", "unix:/path, HOST:PORT; unset: systemd socket or fd 0"),
        ("--workers", "IMPRESS_WORKERS", "requests served at once (default 2 x cores)"),
        ("--store", "IMPRESS_STORE", "dynamodb (default) or file:/path/events.jsonl"),
        ("--table", "DYNAMODB_TABLE", "table name (default fingerprint-events)"),
        ("--region", "AWS_REGION", "AWS region (default eu-south-2)"),
        ("--endpoint-url", "AWS_ENDPOINT_URL_DYNAMODB", "DynamoDB endpoint, e.g. http://127.0.0.1:5000"),
        ("--jwks-url", "CLERK_JWKS_URL", "Clerk JWKS URL (https; http:// or file:// for local work)"),
        ("--jwt-key", "CLERK_JWT_KEY", "a PEM public key instead of a JWKS"),
        ("--issuer", "CLERK_ISSUER", "expected iss (required with an https JWKS URL)"),
        ("--authorized-parties", "CLERK_AUTHORIZED_PARTIES", "comma-separated azp allow-list"),
        ("--cors-origins", "CORS_ALLOWED_ORIGINS", "comma-separated CORS allow-list"),
        ("--max-scan-events", "IMPRESS_MAX_SCAN_EVENTS", "ceiling on events read per request (default 1000000)"),
        ("--base-path", "IMPRESS_BASE_PATH", "prefix nginx mounts the API under"),
        ("--drain-s", "IMPRESS_DRAIN_S", "seconds in-flight requests get after SIGTERM (default 10)"),
        ("--dynamodb-attempt-timeout-ms", "IMPRESS_DYNAMODB_ATTEMPT_TIMEOUT_MS", "one HTTP attempt to DynamoDB, 100-15000 (default 5000)"),
        ("--dynamodb-call-timeout-ms", "IMPRESS_DYNAMODB_CALL_TIMEOUT_MS", "one DynamoDB call with its retries, 100-15000 (default 12000)"),
        ("--read-timeout-ms", "IMPRESS_READ_TIMEOUT_MS", "one request's whole DynamoDB read, all pages, 100-25000 (default 15000)"),
        ("--health-cache-ms", "IMPRESS_HEALTH_CACHE_MS", "how long /health reuses its DynamoDB ping, 100-5000 (default 5000)"),
    ]

    public struct Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
        init(_ d: String) { description = d }
    }

    public static func load(environment: [String: String], arguments: [String], cores: Int) throws(Error) -> Settings {
        var env = environment
        var i = 0
        while i < arguments.count {
            let arg = arguments[i]
            let (name, inlineValue): (String, String?) = {
                guard let eq = arg.firstIndex(of: "=") else { return (arg, nil) }
                return (String(arg[..<eq]), String(arg[arg.index(after: eq)...]))
            }()
            guard let flag = flags.first(where: { $0.flag == name }) else {
                throw Error("unknown option \(arg) (see impress-admin --help)")
            }
            if let v = inlineValue {
                env[flag.variable] = v
                i += 1
            } else {
                guard i + 1 < arguments.count else { throw Error("option \(name) needs a value") }
                env[flag.variable] = arguments[i + 1]
                i += 2
            }
        }
        func value(_ name: String) -> String? {
            guard let v = env[name]?.trimmingSpaces, !v.isEmpty else { return nil }
            return v
        }
        func wholeNumber(_ name: String, default d: Int, in range: ClosedRange<Int>) throws(Error) -> Int {
            guard let text = value(name) else { return d }
            guard let n = Int(text), range.contains(n) else {
                throw Error("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
            }
            return n
        }
        func list(_ name: String) -> [String] {
            (value(name) ?? "").split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
        }

        var s = Settings(
            listen: value("IMPRESS_LISTEN"), workers: try wholeNumber("IMPRESS_WORKERS", default: max(2, 2 * cores), in: 1...1024),
            store: .dynamodb, jwksURL: value("CLERK_JWKS_URL"), jwtKeyPEM: value("CLERK_JWT_KEY"), issuer: value("CLERK_ISSUER"),
            authorizedParties: list("CLERK_AUTHORIZED_PARTIES"), corsOrigins: list("CORS_ALLOWED_ORIGINS"),
            maxScanEvents: try wholeNumber("IMPRESS_MAX_SCAN_EVENTS", default: 1_000_000, in: 1...1_000_000_000),
            basePath: value("IMPRESS_BASE_PATH") ?? "", drainSeconds: 10,
            // At most 15 s: the contract's bound for an outage's 502/503/504 (API.md §5). At
            // least 100 ms: below that, a healthy DynamoDB's slower answers (a new connection's
            // TLS set-up) would count as outages.
            dynamoDBAttemptTimeoutMs: try wholeNumber("IMPRESS_DYNAMODB_ATTEMPT_TIMEOUT_MS", default: 5_000, in: 100...15_000),
            dynamoDBCallTimeoutMs: try wholeNumber("IMPRESS_DYNAMODB_CALL_TIMEOUT_MS", default: 12_000, in: 100...15_000),
            // 15 s by default: the contract's bound for an outage's answer, which a DynamoDB slow
            // on every page would otherwise pass. At most 25 s: nginx gives up at 30 s
            // (fastcgi_read_timeout) with its own 504, so the daemon's JSON 504 (request id,
            // CORS) must come first, with 5 s for aggregating, answering and a loaded machine.
            readTimeoutMs: try wholeNumber("IMPRESS_READ_TIMEOUT_MS", default: 15_000, in: 100...25_000),
            // At most 5 s (API.md §4); not 0, so /health cannot be used to hammer DynamoDB.
            healthCacheMs: try wholeNumber("IMPRESS_HEALTH_CACHE_MS", default: 5_000, in: 100...5_000),
            environment: env)
        // The call's deadline ends any attempt anyway: a longer attempt timeout would be a
        // setting that silently does nothing.
        guard s.dynamoDBAttemptTimeoutMs <= s.dynamoDBCallTimeoutMs else {
            throw Error(
                "IMPRESS_DYNAMODB_ATTEMPT_TIMEOUT_MS (\(s.dynamoDBAttemptTimeoutMs)) must not be longer than "
                    + "IMPRESS_DYNAMODB_CALL_TIMEOUT_MS (\(s.dynamoDBCallTimeoutMs)): one attempt cannot outlast the call")
        }
        // Likewise the read's deadline ends any call: a longer call timeout would never apply.
        guard s.dynamoDBCallTimeoutMs <= s.readTimeoutMs else {
            throw Error(
                "IMPRESS_DYNAMODB_CALL_TIMEOUT_MS (\(s.dynamoDBCallTimeoutMs)) must not be longer than "
                    + "IMPRESS_READ_TIMEOUT_MS (\(s.readTimeoutMs)): one call cannot outlast the read")
        }

        switch value("IMPRESS_STORE") {
        case nil, "dynamodb": s.store = .dynamodb
        case let v? where v.hasPrefix("file:") && v.count > 5: s.store = .file(path: String(v.dropFirst(5)))
        case let v?: throw Error("IMPRESS_STORE must be 'dynamodb' or 'file:/path/events.jsonl', got '\(v)'")
        }
        if let d = value("IMPRESS_DRAIN_S") {
            guard let seconds = Double(d), seconds >= 0, seconds <= 3600 else {
                throw Error("IMPRESS_DRAIN_S must be a number of seconds from 0 to 3600, got '\(d)'")
            }
            s.drainSeconds = seconds
        }
        if !s.basePath.isEmpty {
            guard s.basePath.hasPrefix("/") else { throw Error("IMPRESS_BASE_PATH must start with '/', got '\(s.basePath)'") }
            while s.basePath.hasSuffix("/") { s.basePath.removeLast() }
        }
        for origin in s.corsOrigins where !(origin.hasPrefix("https://") || origin.hasPrefix("http://")) {
            throw Error("CORS_ALLOWED_ORIGINS entries must be http(s) origins, got '\(origin)'")
        }
        switch (s.jwksURL, s.jwtKeyPEM) {
        case (nil, nil):
            throw Error("CLERK_JWKS_URL or CLERK_JWT_KEY is required (for local work: impress-admin dev-token --help)")
        case (let url?, _):
            let schemes = ["https://", "http://", "file://"]
            guard schemes.contains(where: { url.hasPrefix($0) }) else {
                throw Error("CLERK_JWKS_URL must be an https:// URL (http:// or file:// for local work), got '\(url)'")
            }
            if url.hasPrefix("https://") && s.issuer == nil {
                throw Error("CLERK_ISSUER is required with an https:// CLERK_JWKS_URL (your Clerk frontend API URL)")
            }
        default: break
        }
        return s
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s.removeLast() }
        return String(s)
    }
}

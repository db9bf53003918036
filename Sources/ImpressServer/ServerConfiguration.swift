import Glibc

/// Everything the server needs, assembled by the app at start-up.
public struct ServerConfiguration: Sendable {
    public var listen: ListenAddress
    /// Threads that call the responder (`IMPRESS_WORKERS`).
    public var workers: Int
    /// Complete requests waiting for a worker; beyond it requests are answered 503 at once.
    public var queueDepth: Int
    /// Open connections; a connection accepted beyond it is closed at once.
    public var maxConnections: Int
    /// Seconds a connection may sit with no request in progress.
    public var idleTimeout: Double
    /// Seconds from a request's first byte until its params and stdin are complete (slowloris).
    public var requestTimeout: Double
    /// Seconds a pending answer may make no progress (a peer that never reads).
    public var writeTimeout: Double
    /// Seconds in-flight requests get to finish after a stop (`IMPRESS_DRAIN_S`).
    public var drainSeconds: Double
    /// Seconds `run()` then waits for workers still inside a request (a store read past the
    /// drain) before it returns anyway; within systemd's `TimeoutStopSec` less the drain.
    public var workerJoinSeconds: Double
    public var maxParamsBytes: Int
    public var maxBodyBytes: Int
    /// `FCGI_WEB_SERVER_ADDRS`: peers allowed on a TCP socket; nil allows all.
    public var webServerAddresses: [String]?
    /// Whether `run()` turns `SIGTERM`/`SIGINT` into `requestStop()`.
    public var handlesSignals: Bool
    /// Read for `.inherited` (`LISTEN_FDS`, `LISTEN_PID`).
    public var environment: [String: String]

    public init(
        listen: ListenAddress,
        workers: Int = ServerConfiguration.defaultWorkers,
        queueDepth: Int = 256,
        maxConnections: Int = 1024,
        idleTimeout: Double = 75,
        requestTimeout: Double = 30,
        writeTimeout: Double = 30,
        drainSeconds: Double = 10,
        workerJoinSeconds: Double = 3,
        maxParamsBytes: Int = 65536,
        maxBodyBytes: Int = 65536,
        webServerAddresses: [String]? = nil,
        handlesSignals: Bool = true,
        environment: [String: String] = ServerConfiguration.processEnvironment()
    ) {
        self.listen = listen
        self.workers = workers
        self.queueDepth = queueDepth
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
        self.requestTimeout = requestTimeout
        self.writeTimeout = writeTimeout
        self.drainSeconds = drainSeconds
        self.workerJoinSeconds = workerJoinSeconds
        self.maxParamsBytes = maxParamsBytes
        self.maxBodyBytes = maxBodyBytes
        self.webServerAddresses = webServerAddresses
        self.handlesSignals = handlesSignals
        self.environment = environment
    }

    /// 2 × online cores (API.md §5 `IMPRESS_WORKERS`).
    public static var defaultWorkers: Int { 2 * max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    /// Parses `FCGI_WEB_SERVER_ADDRS`: comma-separated addresses; nil or empty allows all.
    public static func webServerAddresses(from value: String?) -> [String]? {
        guard let value else { return nil }
        let list = value.split(separator: ",").map { $0.trimmingASCIIWhitespace() }.filter { !$0.isEmpty }
        return list.isEmpty ? nil : list
    }

    public static func processEnvironment() -> [String: String] {
        var out: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                out[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        return out
    }
}

extension Substring {
    fileprivate func trimmingASCIIWhitespace() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

import ImpressAPI
import ImpressHTTP
import ImpressJSON
import ImpressStore

/// Times routes through `APIResponder.respond`, in process: parameters, read, aggregation and
/// JSON encoding, everything but the socket and the token check.
struct RouteBenchmark {
    /// A window covering any data the demo writes (epoch 0 to 2100-01-01).
    static let wholeWindow = "from=0&to=4102444800000"
    /// The aggregate routes of API.md §4, in the order the table lists them.
    static let aggregatePaths = [
        "/users", "/fingerprints", "/domainprints", "/fraud/stats", "/identity-graph", "/attribution",
        "/account-sharing",
    ]

    let responder: APIResponder
    let repeats: Int
    let dumpDirectory: String?

    init(store: FileStore, organization: String, repeats: Int, dumpDirectory: String?) {
        let configuration = APIConfiguration(maxScanEvents: Int.max, version: "bench", now: { 4_102_444_800_000 })
        responder = APIResponder(
            configuration: configuration, store: store, authorizer: BenchAuthorizer(organization: organization),
            startedAt: 0)
        self.repeats = repeats
        self.dumpDirectory = dumpDirectory
    }

    func runAll() -> [RouteResult] {
        var results = Self.aggregatePaths.map { measure(path: $0) }
        // The detail route of the busiest user: a GSI_USER read, then its events sorted and paged.
        if let user = busiestUser() {
            results.append(measure(path: "/users/" + Self.percentEncoded(user), label: "/users/{busiest}"))
        }
        return results
    }

    /// The best of `repeats` runs (the minimum: noise on a shared machine only ever adds time).
    /// `target` is a path, optionally with a query added to the whole-data window.
    func measure(path target: String, label: String? = nil) -> RouteResult {
        let parts = target.split(separator: "?", maxSplits: 1).map(String.init)
        let path = parts.first ?? target
        let query = parts.count > 1 ? Self.wholeWindow + "&" + parts[1] : Self.wholeWindow
        var best: BenchDuration?
        var response = HTTPResponse(status: 0)
        for _ in 0..<repeats {
            let start = BenchClock.now()
            response = responder.respond(to: request(path, query: query))
            let took = BenchClock.now().since(start)
            if best.map({ took.wallNs < $0.wallNs }) ?? true { best = took }
        }
        if let dumpDirectory { BenchDump.write(response.body, named: label ?? target, in: dumpDirectory) }
        let body = try? JSONParser.parse(response.body)
        return RouteResult(
            route: label ?? target, status: response.status,
            eventsScanned: body?["events_scanned"]?.int64Value.map(Int.init) ?? 0,
            best: best ?? BenchDuration(wallNs: 0, cpuNs: 0), responseBytes: response.body.count)
    }

    private func request(_ path: String, query: String = RouteBenchmark.wholeWindow) -> HTTPRequest {
        HTTPRequest(method: "GET", path: path, queryString: query, requestId: "bench")
    }

    private func busiestUser() -> String? {
        let response = responder.respond(to: request("/users", query: Self.wholeWindow + "&sort=event_count&limit=1"))
        let body = try? JSONParser.parse(response.body)
        return body?["items"]?.arrayValue?.first?["user_id"]?.stringValue
    }

    private static func percentEncoded(_ segment: String) -> String {
        var out = ""
        for byte in segment.utf8 {
            let unreserved = (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
            if unreserved {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]], as: UTF8.self)
            }
        }
        return out
    }
}

/// One route's figures.
struct RouteResult {
    var route: String
    var status: Int
    var eventsScanned: Int
    var best: BenchDuration
    var responseBytes: Int

    /// Events scanned per second of the best wall time.
    var eventsPerSecond: Double { best.wallNs > 0 ? Double(eventsScanned) / best.wallSeconds : 0 }
}

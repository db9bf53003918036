import ImpressAuth
import ImpressHTTP
import ImpressJSON
import ImpressStore

/// `GET /health` (API.md §4): no authentication, no tenant data. The store's own `health()`
/// bounds and caches its ping; this only shapes the answer.
struct HealthCheck: Sendable {
    let configuration: APIConfiguration
    let store: any EventStore
    let authorizer: any RequestAuthorizer
    let startedAt: Int64

    /// `200 {"status":"ok",…}`, or `503 {"status":"degraded",…}` with the reason both in the
    /// store member (`"dynamodb":{"status":"error","error":…}`) and in the contract's error
    /// members, so a client reading either finds it.
    func response(requestId: String) -> HTTPResponse {
        let uptime = max(0, configuration.now() - startedAt) / 1000
        let head: [(key: String, value: JSONValue)] = [
            ("version", .string(configuration.version)), ("uptime_s", .int(uptime)),
        ]
        let keys = authorizer.keySetStatus
        let jwks: (key: String, value: JSONValue) = (
            "jwks", .object([("status", .string(keys.name)), ("keys", .int(keys.keyCount))])
        )
        do {
            let storeMember: (key: String, value: JSONValue)
            switch try store.health() {
            case .file(let events):
                storeMember = ("store", .object([("kind", .string("file")), ("events", .int(events))]))
            case .dynamodb(let latency):
                storeMember = ("dynamodb", .object([("status", .string("ok")), ("latency_ms", .int(latency))]))
            }
            return .json(200, .object([("status", .string("ok"))] + head + [storeMember, jwks]))
        } catch {
            let reason = Self.reason(error)
            let unavailable = APIError(.unavailable, "The event store is not usable: \(reason)")
            var response = HTTPResponse.json(
                unavailable.code.status,
                .object(
                    [("status", .string("degraded"))] + head + [
                        ("dynamodb", .object([("status", .string("error")), ("error", .string(reason))])), jwks,
                        ("error", .object([
                            ("code", .string(unavailable.code.rawValue)), ("message", .string(unavailable.message)),
                        ])),
                        ("request_id", .string(requestId)),
                    ]))
            response.setHeader("Retry-After", String(unavailable.retryAfter ?? 1))
            return response
        }
    }

    private static func reason(_ error: StoreError) -> String {
        switch error {
        case .unavailable(let why), .timeout(let why), .upstream(let why): return why
        }
    }
}

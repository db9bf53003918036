import ImpressAPI
import ImpressAuth
import ImpressHTTP
import ImpressJSON
import ImpressModel
import ImpressStore

/// A stand-in for the JWT verifier: the caller comes from test headers (`x-test-sub`,
/// `x-test-org`, `x-test-role`), then the real tenancy rule decides the scope.
struct RouteTestAuthorizer: RequestAuthorizer {
    var keySetStatus: KeySetStatus = .ok(keys: 2)

    func authorize(_ request: HTTPRequest) throws(APIError) -> AccessGrant {
        guard let subject = request.header("x-test-sub") else { throw APIError(.unauthorized, "Missing bearer token") }
        let caller = Caller(
            subject: subject, organizationId: request.header("x-test-org"),
            isSuperadmin: request.header("x-test-role") == "superadmin")
        let scope = try TenantDecision.scope(for: caller, requestedOrganization: request.header("x-organization-id"))
        return AccessGrant(caller: caller, scope: scope)
    }
}

/// A store that always fails, for the error mapping and `/health`.
struct FailingEventStore: EventStore {
    var error: StoreError
    func read(_ request: ReadRequest, consume: ([Event]) -> Void) throws(StoreError) -> ReadSummary { throw error }
    func health() throws(StoreError) -> StoreHealth { throw error }
}

/// 2025-12-01T00:00:00Z: the test data's apiBase time.
let apiBase: Int64 = 1_764_547_200_000
/// The fixed "now" of the tests: 10 days after `apiBase`.
let apiNow: Int64 = apiBase + 10 * 86_400_000

/// An item as the table holds it.
func apiItem(
    fp: String, org: String, at ts: Int64, user: String? = nil, dp: String? = nil, domain: String? = nil,
    country: String? = nil, risk: String? = nil, signals: AttributeValue? = nil, sk: String? = nil,
    lat: String? = nil, lon: String? = nil, extra: Item = [:]
) -> Item {
    var item: Item = [
        "PK": .s("FP#\(fp)"), "SK": .s(sk ?? "EVENT#\(ts)"), "fingerprint": .s(fp), "organizationId": .s(org),
        "timestamp": .n(String(ts)),
    ]
    if let user { item["user_id"] = .s(user) }
    if let dp { item["domainprint"] = .s(dp) }
    if let domain { item["domain"] = .s(domain) }
    if let country { item["country"] = .s(country) }
    if let risk { item["risk_score"] = .n(risk) }
    if let signals { item["signals"] = signals }
    if let lat { item["latitude"] = .n(lat) }
    if let lon { item["longitude"] = .n(lon) }
    item.merge(extra) { $1 }
    return item
}

/// Who calls: an organization member, a superadmin (optionally naming an organization), nobody.
enum RouteTestCaller {
    case member(String)
    case superadmin(selecting: String?)
    case anonymous

    var headers: [String: String] {
        switch self {
        case .member(let org): return ["x-test-sub": "user_1", "x-test-org": org, "x-organization-id": org]
        case .superadmin(let org?): return ["x-test-sub": "admin", "x-test-role": "superadmin", "x-organization-id": org]
        case .superadmin(nil): return ["x-test-sub": "admin", "x-test-role": "superadmin"]
        case .anonymous: return [:]
        }
    }
}

/// A response with its body parsed.
struct RouteTestResponse {
    var response: HTTPResponse
    var status: Int { response.status }
    var json: JSONValue

    func header(_ name: String) -> String? { response.header(name) }
    var errorCode: String? { json["error"]?["code"]?.stringValue }
    var items: [JSONValue] { json["items"]?.arrayValue ?? [] }
    /// The `idName` member of each item, in order.
    func ids(_ idName: String, of member: String = "items") -> [String] {
        (json[member]?.arrayValue ?? []).compactMap { $0[idName]?.stringValue }
    }
}

struct RouteTestAPI {
    let responder: APIResponder

    init(
        _ items: [Item], basePath: String = "", maxScanEvents: Int = 1_000_000,
        store: (any EventStore)? = nil
    ) throws {
        let configuration = APIConfiguration(
            basePath: basePath, maxScanEvents: maxScanEvents, version: "1.2.3", now: { apiNow })
        responder = APIResponder(
            configuration: configuration, store: try store ?? FileStore(items: items), authorizer: RouteTestAuthorizer(),
            startedAt: apiNow - 42_500)
    }

    func get(
        _ path: String, _ query: String = "", as caller: RouteTestCaller = .member("org_a"), method: String = "GET",
        headers: [String: String] = [:]
    ) throws -> RouteTestResponse {
        let request = HTTPRequest(
            method: method, path: path, queryString: query, headers: caller.headers.merging(headers) { $1 },
            requestId: "req-1")
        let response = responder.respond(to: request)
        let json = response.body.isEmpty ? JSONValue.null : try JSONParser.parse(response.body)
        return RouteTestResponse(response: response, json: json)
    }

    /// Every page of a list, following `next_cursor` with `limit`.
    func walk(_ path: String, _ query: String, limit: Int, idName: String, member: String = "items") throws -> [String] {
        var ids: [String] = []
        var cursor: String?
        var pages = 0
        repeat {
            let q = query + "&limit=\(limit)" + (cursor.map { "&cursor=\($0)" } ?? "")
            let r = try get(path, q)
            guard r.status == 200 else { return ids + ["status \(r.status)"] }
            ids += r.ids(idName, of: member)
            cursor = r.json["next_cursor"]?.stringValue
            pages += 1
        } while cursor != nil && pages < 100
        return ids
    }
}

/// Shorthands for expected JSON.
func apiNum(_ text: String) -> JSONValue { .number(text) }
func apiNum(_ value: Int64) -> JSONValue { .number(String(value)) }
func apiStrings(_ values: String...) -> JSONValue { .strings(values) }

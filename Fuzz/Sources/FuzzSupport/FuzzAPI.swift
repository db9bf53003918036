import ImpressAPI
import ImpressAuth
import ImpressHTTP
import ImpressJSON
import ImpressStore

/// Drives `APIResponder` the way the server does, for the API harnesses, and checks what
/// every answer must satisfy whatever the request: a status the contract allows, a JSON body,
/// header values without CR/LF (they become CGI header lines), and a `next_cursor` that,
/// sent back with the same parameters, is accepted.
public struct FuzzAPI: Sendable {
    /// 2025-12-11T00:00:00Z, fixed so that every run is deterministic.
    public static let now: Int64 = 1_765_411_200_000

    private let responder: APIResponder

    public init(store: any EventStore) {
        responder = APIResponder(
            configuration: APIConfiguration(version: "fuzz", now: { FuzzAPI.now }), store: store,
            authorizer: SuperadminAuthorizer(), startedAt: Self.now)
    }

    /// Answers `GET requestURI` (path, then `?` and the query, as in `REQUEST_URI`) for a
    /// superadmin naming `organization` (none: all organizations), and checks the answer.
    @discardableResult
    public func get(_ requestURI: String, organization: String? = nil) -> HTTPResponse {
        let response = respond(requestURI, organization: organization)
        guard response.status == 200, let next = nextCursor(response) else { return response }
        // The cursor continues this very list: same route and parameters, only the cursor new.
        let followed = respond(Self.replacingCursor(in: requestURI, with: next), organization: organization)
        precondition(followed.status == 200, "next_cursor of \(requestURI) refused: \(String(decoding: followed.body, as: UTF8.self))")
        return response
    }

    private func respond(_ requestURI: String, organization: String?) -> HTTPResponse {
        let parts = requestURI.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var headers: [String: String] = [:]
        if let organization { headers["x-organization-id"] = organization }
        let request = HTTPRequest(
            method: "GET", path: parts.first.map(String.init) ?? "/", queryString: parts.count > 1 ? String(parts[1]) : "",
            headers: headers, requestId: "fuzz")
        let response = responder.respond(to: request)
        check(response, for: requestURI)
        return response
    }

    private func check(_ response: HTTPResponse, for requestURI: String) {
        // A superadmin is never refused (403) and nothing here may fail inside (5xx);
        // 501 is a declared route not built yet.
        precondition([200, 400, 404, 501].contains(response.status), "status \(response.status) for \(requestURI)")
        precondition((try? JSONParser.parse(response.body)) != nil, "body is not JSON for \(requestURI)")
        for (name, value) in response.headers {
            precondition(!(name + value).utf8.contains { $0 == 0x0D || $0 == 0x0A }, "CR/LF in header \(name)")
        }
    }

    private func nextCursor(_ response: HTTPResponse) -> String? {
        (try? JSONParser.parse(response.body))?["next_cursor"]?.stringValue
    }

    /// The URI with every `cursor` parameter removed and `cursor=next` appended.
    static func replacingCursor(in requestURI: String, with next: String) -> String {
        let parts = requestURI.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = parts.first.map(String.init) ?? "/"
        let kept = (parts.count > 1 ? parts[1].split(separator: "&") : []).filter { pair in
            let name = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            return PercentDecoding.decode(String(name), plusAsSpace: true) != "cursor"
        }
        return path + "?" + (kept.map(String.init) + ["cursor=" + next]).joined(separator: "&")
    }
}

/// Every request comes from a superadmin; the real tenancy rule turns `x-organization-id`
/// into the scope.
struct SuperadminAuthorizer: RequestAuthorizer {
    var keySetStatus: KeySetStatus { .ok(keys: 1) }

    func authorize(_ request: HTTPRequest) throws(APIError) -> AccessGrant {
        let caller = Caller(subject: "user_fuzz", organizationId: nil, isSuperadmin: true)
        return AccessGrant(
            caller: caller, scope: try TenantDecision.scope(for: caller, requestedOrganization: request.header("x-organization-id")))
    }
}

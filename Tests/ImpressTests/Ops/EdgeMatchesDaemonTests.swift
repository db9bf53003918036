import ImpressAPI
import ImpressHTTP
import ImpressStore
import Testing

/// nginx answers preflights and refused methods at the edge; the daemon answers the same
/// requests itself (for cgi-fcgi and any proxy without the snippets). Both must say the same
/// thing: status and every CORS header.
@Suite struct EdgeMatchesDaemonTests {
    static let requests: [(method: String, path: String, origin: String?)] = [
        ("OPTIONS", "/users", "http://localhost:3000"),
        ("OPTIONS", "/fraud/stats", "https://evil.example"),
        ("OPTIONS", "/anything", nil),
        ("POST", "/users", "https://www.getimpress.io"),
        ("DELETE", "/users/1001", "https://getimpress.io"),
    ]
    static let compared = [
        "access-control-allow-origin", "access-control-allow-methods", "access-control-allow-headers",
        "access-control-max-age", "vary", "allow",
    ]

    @Test func edgeAndDaemonAgree() throws {
        let edge = try OpsNginx.local()
        defer { edge.stop() }
        let daemon = APIResponder(
            configuration: APIConfiguration(version: "test", now: { 0 }), store: try FileStore(items: []),
            authorizer: RouteTestAuthorizer(), startedAt: 0)
        for r in Self.requests {
            let atEdge = try edge.request(r.method, r.path, headers: r.origin.map { ["Origin: \($0)"] } ?? [])
            let fromDaemon = daemon.respond(
                to: HTTPRequest(
                    method: r.method, path: r.path, headers: r.origin.map { ["origin": $0] } ?? [:], requestId: "r"))
            #expect(atEdge.status == fromDaemon.status, "\(r.method) \(r.path)")
            for name in Self.compared {
                #expect(atEdge.values(name) == (fromDaemon.header(name).map { [$0] } ?? []), "\(r.method) \(r.path): \(name)")
            }
        }
    }
}

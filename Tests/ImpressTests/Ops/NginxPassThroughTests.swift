import Foundation
import ImpressJSON
import Testing

/// What the edge does to requests it passes to the daemon (a FastCGI stand-in here; the lead's
/// tests run the real daemon through the same config).
@Suite struct NginxPassThroughTests {
    @Test func requestIdAndHeadersReachTheDaemon() throws {
        let dir = try OpsTemporaryDirectory()
        let daemon = try OpsFakeDaemon(in: dir)
        defer { daemon.stop() }
        let edge = try OpsNginx.local(socket: daemon.socketPath)
        defer { edge.stop() }

        let response = try edge.request(
            "GET", "/users?limit=5", headers: ["Origin: https://getimpress.io", "Proxy: http://attacker.example:3128"])
        #expect(response.status == 200)
        let body = try JSONParser.parse(response.body)
        let requestId = body["request_id"]?.stringValue ?? ""
        #expect(requestId.count == 32 && requestId.allSatisfy { $0.isHexDigit })
        #expect(body["method"]?.stringValue == "GET")
        // httpoxy: the client's Proxy header does not become the daemon's HTTP_PROXY (nginx
        // sends the empty param or none at all).
        #expect((body["http_proxy"]?.stringValue ?? "") == "")
        // The daemon's CORS headers, once: the edge adds none to what the daemon answers.
        #expect(response.values("Access-Control-Allow-Origin") == ["https://getimpress.io"])
        #expect(response.values("Vary") == ["Origin"])
        #expect(response.values("X-Content-Type-Options") == ["nosniff"])

        // The edge logs the same id (the log is flushed when nginx stops).
        edge.stop()
        let log = edge.directory.read("nginx/logs/access.log")
        let line = log.split(separator: "\n").first { $0.contains(requestId) }
        let entry = try JSONParser.parse(String(line ?? ""))
        #expect(entry["request_uri"]?.stringValue == "/users?limit=5")
        #expect(entry["status"]?.numberText == "200")
        #expect(entry["upstream_status"]?.stringValue == "200")
    }

    /// The daemon's own 502 (say, DynamoDB failing) reaches the client as the daemon wrote it,
    /// not replaced by the edge's page for an unreachable daemon.
    @Test func daemonErrorsPassThrough() throws {
        let dir = try OpsTemporaryDirectory()
        let daemon = try OpsFakeDaemon(in: dir)
        defer { daemon.stop() }
        let edge = try OpsNginx.local(socket: daemon.socketPath)
        defer { edge.stop() }

        let response = try edge.request("GET", "/fail")
        #expect(response.status == 502)
        let body = try JSONParser.parse(response.body)
        #expect(body["error"]?["message"]?.stringValue == "DynamoDB said no")
        #expect(response.values("Access-Control-Allow-Origin") == ["https://getimpress.io"])
    }

    /// Requests on one client connection (so one nginx worker) reuse one FastCGI connection:
    /// fastcgi_keep_conn with the upstream's keepalive.
    @Test func fastcgiConnectionsAreKept() throws {
        let dir = try OpsTemporaryDirectory()
        let daemon = try OpsFakeDaemon(in: dir)
        defer { daemon.stop() }
        let edge = try OpsNginx.local(socket: daemon.socketPath)
        defer { edge.stop() }

        let url = "http://127.0.0.1:\(edge.port)/health"
        let result = try OpsCommand.run("curl", ["-s", url, url, url, url, url], timeout: 10)
        #expect(result.status == 0)
        let connections = try result.stdout.split(separator: "\n").map {
            try JSONParser.parse(String($0))["connection"]?.numberText ?? ""
        }
        #expect(connections.count == 5)
        #expect(Set(connections).count == 1, "FastCGI connections used: \(connections)")
    }
}

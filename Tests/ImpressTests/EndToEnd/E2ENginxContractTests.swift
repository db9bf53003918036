import Foundation
import Glibc
import ImpressJSON
import Testing

/// The contract's common rules (API.md §3, §4 /health, §5 logs) observed through nginx in
/// front of the real daemon.
@Suite(.enabled(if: E2EStack.isAvailable), .serialized)
struct E2ENginxContractTests {
    @Test func healthAnswersWithTheContractShapeThroughNginx() throws {
        let stack = try E2EStack()
        let response = try stack.get("/health", token: nil)
        #expect(response.status == 200)
        let body = try #require(response.json)
        #expect(body["status"] == .string("ok"))
        #expect(body["version"]?.stringValue?.isEmpty == false)
        #expect((body["uptime_s"]?.doubleValue ?? -1) >= 0)
        #expect(body["jwks"]?["status"] == .string("ok"))
        #expect(body["jwks"]?["keys"] == .int(1))
        // The file store says what it is, and no `dynamodb` member (API.md §4 /health).
        #expect(body["store"]?["kind"] == .string("file"))
        let events = stack.data.organizations.values.reduce(0) { $0 + $1.events }
        #expect(body["store"]?["events"] == .int(Int64(events)))
        #expect(body["dynamodb"] == nil)
        #expect(!response.body.contains("org_a") && !response.body.contains("user_"))
    }

    @Test func authenticatedRouteAnswersWithNoStoreAndCORS() throws {
        let stack = try E2EStack()
        let response = try stack.get(
            "/users", token: try stack.memberToken("org_a"), organization: "org_a",
            headers: [("Origin", "http://localhost:3000")])
        #expect(response.status == 200, "\(response.body)")
        #expect(response.header("Cache-Control") == "no-store")
        #expect(response.header("Content-Type") == "application/json; charset=utf-8")
        #expect(response.header("Access-Control-Allow-Origin") == "http://localhost:3000")
        #expect(response.header("Vary")?.contains("Origin") == true)
        #expect(response.json?["organizationId"] == .string("org_a"))
    }

    @Test func badTokensAre401WithTheChallengeAndNeverEchoed() throws {
        let stack = try E2EStack()
        let foreign = try E2ESigner(kid: "e2e-key-1")
        let cases: [(name: String, token: String)] = [
            ("garbage", "not.a.jwt-token-value"),
            ("signed by another key with the same kid", try foreign.token(organization: "org_a")),
            ("tampered payload", try tampered(stack.memberToken("org_a"))),
        ]
        for (name, token) in cases {
            let response = try stack.get(
                "/users", token: token, organization: "org_a", headers: [("Origin", "https://evil.example")])
            #expect(response.status == 401, "\(name)")
            #expect(response.header("WWW-Authenticate") == #"Bearer error="invalid_token""#, "\(name)")
            #expect(response.json?["error"]?["code"] == .string("unauthorized"), "\(name)")
            #expect(!response.body.contains(token), "\(name): the token is echoed")
            for part in token.split(separator: ".") where part.count > 8 {
                #expect(!response.body.contains(part), "\(name): a token segment is echoed")
            }
            // CORS on errors too: an origin outside the allow-list gets the first entry.
            #expect(response.header("Access-Control-Allow-Origin") == "https://getimpress.io", "\(name)")
            #expect(response.header("Cache-Control") == "no-store", "\(name)")
        }
        #expect(!stack.daemon.log.contains(cases[2].token), "the daemon logged a token")
    }

    @Test func nginxRequestIdReachesTheBodyAndTheDaemonLog() throws {
        let stack = try E2EStack()
        let response = try stack.get("/users", token: "x.y.z", organization: "org_a")
        #expect(response.status == 401)
        let requestId = try #require(response.json?["request_id"]?.stringValue)
        // nginx's $request_id: 32 lower-case hex digits.
        #expect(requestId.count == 32 && requestId.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        let logged = Processes.waitUntil(timeout: 5) { stack.daemon.log.contains(#""request_id":"\#(requestId)""#) }
        #expect(logged, "daemon log: \(stack.daemon.log)")
        let line = stack.daemon.log.split(separator: "\n").first { $0.contains(requestId) }.map(String.init) ?? ""
        let entry = try JSONParser.parse(line)
        #expect(entry["path"] == .string("/users"))
        #expect(entry["method"] == .string("GET"))
        #expect(entry["status"] == .int(401))
        #expect(!line.contains("x.y.z"))
    }

    @Test func preflightAndRefusedMethodsNeedNoToken() throws {
        let stack = try E2EStack()
        let preflight = try stack.nginx.request("OPTIONS", "/users", headers: [("Origin", "https://www.getimpress.io")])
        #expect(preflight.status == 204)
        #expect(preflight.header("Access-Control-Allow-Origin") == "https://www.getimpress.io")
        #expect(preflight.header("Access-Control-Allow-Methods") == "GET, OPTIONS")
        #expect(preflight.header("Access-Control-Allow-Headers") == "Authorization, Content-Type, x-organization-id")
        #expect(preflight.header("Access-Control-Max-Age") == "600")
        for method in ["POST", "DELETE", "HEAD"] {
            let refused = try stack.nginx.request(method, "/users")
            #expect(refused.status == 405, "\(method)")
            #expect(refused.header("Allow") == "GET, OPTIONS", "\(method)")
        }
    }

    /// API.md §5: with 2 workers and a dozen idle kept connections, a new request is still
    /// answered at once.
    @Test func idleKeptConnectionsNeverBlockService() throws {
        let stack = try E2EStack(environment: ["IMPRESS_WORKERS": "2"])
        let token = try stack.memberToken("org_a")
        var idle: [TestConnection] = []
        for _ in 0..<12 {
            let connection = try TestConnection(port: Int(stack.nginx.port))
            connection.setReceiveTimeout(10)
            let request =
                "GET /users?limit=1 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\n"
                + "x-organization-id: org_a\r\nConnection: keep-alive\r\n\r\n"
            try connection.send(Array(request.utf8))
            #expect(try E2EHTTPReader.readStatus(connection) == 200)
            idle.append(connection)
        }
        let started = Date()
        let response = try stack.get("/users", token: token, organization: "org_a")
        #expect(response.status == 200)
        #expect(Date().timeIntervalSince(started) < 5, "a new request waited behind idle connections")
        withExtendedLifetime(idle) {}
    }

    /// IMPRESS_BASE_PATH: nginx passes the prefixed path, the daemon strips it before routing.
    @Test func aBasePathIsStrippedBeforeRouting() throws {
        let stack = try E2EStack(environment: ["IMPRESS_BASE_PATH": "/admin-api"])
        #expect(try stack.get("/admin-api/health", token: nil).json?["status"] == .string("ok"))
        let users = try stack.get("/admin-api/users", token: try stack.memberToken("org_a"), organization: "org_a")
        #expect(users.status == 200, "\(users.body)")
        #expect(users.json?["total"] == .int(Int64(stack.data.organization("org_a").users.count)))
    }

    /// The signature no longer matches once one payload character changes.
    private func tampered(_ token: String) throws -> String {
        var parts = token.split(separator: ".").map(String.init)
        let payload = try #require(parts.count == 3 ? parts[1] : nil)
        parts[1] = String(payload.dropLast()) + (payload.last == "A" ? "B" : "A")
        return parts.joined(separator: ".")
    }
}

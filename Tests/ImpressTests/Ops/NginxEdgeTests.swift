import Foundation
import ImpressHTTP
import ImpressJSON
import Testing

/// The edge as it ships: real nginx on loopback, from the rendered local config (the same
/// snippets as production), with no daemon behind it. Everything checked here is answered by
/// nginx itself (API.md §3: preflights, refused methods, the error shape).
@Suite struct NginxEdgeTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var method: String
        var path: String
        var headers: [String] = []
        var status: Int
        /// The error code of the JSON body; nil for the 204 preflight.
        var code: String?
        var message: String?
        var allowOrigin: String

        var testDescription: String { name }
    }

    static let bigHeader = "X-Padding: " + String(repeating: "a", count: 64 * 1024)
    /// The longest token API.md §2 accepts (8 KiB) must pass the edge to reach the daemon.
    static let longestToken = "Authorization: Bearer " + String(repeating: "a", count: 8 * 1024)

    static let cases: [Case] = [
        Case(
            name: "preflight from a listed origin", method: "OPTIONS", path: "/users",
            headers: ["Origin: http://localhost:3000", "Access-Control-Request-Method: GET"], status: 204,
            allowOrigin: "http://localhost:3000"),
        Case(
            name: "preflight from an unlisted origin gets the first listed", method: "OPTIONS", path: "/fraud/stats",
            headers: ["Origin: https://evil.example"], status: 204, allowOrigin: "https://getimpress.io"),
        Case(name: "preflight without Origin", method: "OPTIONS", path: "/", status: 204, allowOrigin: "https://getimpress.io"),
        Case(
            name: "POST is refused before the daemon", method: "POST", path: "/users",
            headers: ["Origin: https://www.getimpress.io"], status: 405, code: "method_not_allowed",
            message: "Only GET and OPTIONS are allowed", allowOrigin: "https://www.getimpress.io"),
        Case(
            name: "DELETE is refused", method: "DELETE", path: "/users/1001", status: 405, code: "method_not_allowed",
            message: "Only GET and OPTIONS are allowed", allowOrigin: "https://getimpress.io"),
        Case(
            name: "a 64 KiB header is a JSON 431, not a 502", method: "GET", path: "/health",
            headers: [bigHeader, "Origin: http://localhost:3000"], status: 431, code: "header_too_large",
            message: "Request header fields too large", allowOrigin: "https://getimpress.io"),
        Case(
            name: "a dead daemon is a JSON 502 from the edge", method: "GET", path: "/health",
            headers: ["Origin: https://www.getimpress.io"], status: 502, code: "upstream_error",
            message: "The API service is not reachable", allowOrigin: "https://www.getimpress.io"),
        Case(
            name: "an 8 KiB token passes the edge (to the dead daemon)", method: "GET", path: "/users",
            headers: [longestToken], status: 502, code: "upstream_error", message: "The API service is not reachable",
            allowOrigin: "https://getimpress.io"),
        Case(
            name: "a 70 KB URI is a JSON 414", method: "GET", path: "/" + String(repeating: "u", count: 70_000),
            status: 414, code: "uri_too_long", message: "Request URI too long", allowOrigin: "https://getimpress.io"),
    ]

    @Test(arguments: cases)
    func edgeAnswersByItself(_ c: Case) throws {
        let edge = try OpsNginx.local()
        defer { edge.stop() }
        let response = try edge.request(c.method, c.path, headers: c.headers)

        #expect(response.status == c.status)
        #expect(response.values("Access-Control-Allow-Origin") == [c.allowOrigin])
        #expect(response.values("Vary") == ["Origin"])
        #expect(response.values("X-Content-Type-Options") == ["nosniff"])
        #expect(response.values("Content-Security-Policy") == ["default-src 'none'; frame-ancestors 'none'"])
        #expect(response.values("Referrer-Policy") == ["no-referrer"])
        // HSTS only over TLS; this is plain HTTP on loopback.
        #expect(response.values("Strict-Transport-Security").isEmpty)
        let cors = Set(response.headers.map { $0.name.lowercased() }.filter { $0.hasPrefix("access-control-") })

        guard let code = c.code else {
            #expect(cors == ["access-control-allow-origin", "access-control-allow-methods",
                "access-control-allow-headers", "access-control-max-age"])
            #expect(response.values("Access-Control-Allow-Methods") == ["GET, OPTIONS"])
            #expect(response.values("Access-Control-Allow-Headers") == ["Authorization, Content-Type, x-organization-id"])
            #expect(response.values("Access-Control-Max-Age") == ["600"])
            #expect(response.body.isEmpty)
            return
        }
        #expect(cors == ["access-control-allow-origin"])
        #expect(response.values("Content-Type") == ["application/json; charset=utf-8"])
        #expect(response.values("Cache-Control") == ["no-store"])
        #expect(response.values("Allow") == (c.status == 405 ? ["GET, OPTIONS"] : []))
        let body = try JSONParser.parse(response.body, options: .init(rejectDuplicateKeys: true))
        #expect(body.objectValue?.map(\.key) == ["error", "request_id"])
        #expect(body["error"]?.objectValue?.map(\.key) == ["code", "message"])
        #expect(body["error"]?["code"]?.stringValue == code)
        #expect(body["error"]?["message"]?.stringValue == c.message)
        let requestId = body["request_id"]?.stringValue ?? ""
        #expect(requestId.count == 32 && requestId.allSatisfy { $0.isHexDigit })
    }

    /// HEAD is refused too (API.md §3), and a HEAD answer has no body to check.
    @Test func headIsRefused() throws {
        let edge = try OpsNginx.local()
        defer { edge.stop() }
        let response = try edge.request("HEAD", "/health")
        #expect(response.status == 405)
        #expect(response.values("Allow") == ["GET, OPTIONS"])
        #expect(response.values("Access-Control-Allow-Origin") == ["https://getimpress.io"])
    }

    /// Two requests, two ids: the id the edge logs and passes on is per request.
    @Test func requestIdsDiffer() throws {
        let edge = try OpsNginx.local()
        defer { edge.stop() }
        let first = try JSONParser.parse(try edge.request("POST", "/users").body)
        let second = try JSONParser.parse(try edge.request("POST", "/users").body)
        #expect(first["request_id"] != second["request_id"])
    }
}

import Foundation
import ImpressJSON
import Testing

/// The production site running for real on loopback ports: TLS versions, HSTS, HTTP/2, the
/// redirect and the ACME webroot.
@Suite struct ProductionSiteTests {
    static let hsts = "max-age=63072000; includeSubDomains"

    static func start() throws -> (site: OpsProductionSite, nginx: OpsNginx, http: UInt16) {
        let http = try OpsNginx.freeLoopbackPort()
        let https = try OpsNginx.freeLoopbackPort()
        let site = try OpsProductionSite(ports: (http, https))
        let nginx = try OpsNginx(directory: site.directory, prefix: site.prefix, port: https)
        return (site, nginx, http)
    }

    @Test func httpsAnswersWithHSTSOverHTTP2() throws {
        let (_, nginx, _) = try Self.start()
        defer { nginx.stop() }
        let https = "https://127.0.0.1:\(nginx.port)"

        // No daemon here: the edge's JSON 502, with every header a TLS answer carries.
        let health = try nginx.request("GET", "/health", headers: ["Origin: https://www.getimpress.io"], options: ["-k", "--http2"], url: https)
        #expect(health.status == 502)
        #expect(health.values("Strict-Transport-Security") == [Self.hsts])
        #expect(health.values("Access-Control-Allow-Origin") == ["https://www.getimpress.io"])
        #expect(health.values("X-Content-Type-Options") == ["nosniff"])
        #expect(health.values("Server") == ["nginx"], "server_tokens off: no version")
        #expect(try JSONParser.parse(health.body)["error"]?["code"]?.stringValue == "upstream_error")

        let preflight = try nginx.request("OPTIONS", "/users", options: ["-k", "--http2"], url: https)
        #expect(preflight.status == 204)
        #expect(preflight.values("Strict-Transport-Security") == [Self.hsts])
        #expect(preflight.values("Access-Control-Max-Age") == ["600"])
    }

    /// TLS 1.2 and 1.3 are served; 1.1 is refused even to a client willing to use it.
    @Test(arguments: [("1.1", false), ("1.2", true), ("1.3", true)])
    func tlsVersions(version: String, served: Bool) throws {
        let (_, nginx, _) = try Self.start()
        defer { nginx.stop() }
        let result = try OpsCommand.run(
            "curl",
            ["-sk", "-o", "/dev/null", "-w", "%{http_code}", "--tlsv\(version)", "--tls-max", version,
             "--ciphers", "DEFAULT@SECLEVEL=0", "https://127.0.0.1:\(nginx.port)/health"], timeout: 10)
        if served {
            #expect(result.status == 0 && result.stdout == "502", "curl \(result.status): \(result.stderr)")
        } else {
            #expect(result.status != 0, "TLS \(version) was accepted")
        }
    }

    @Test func plainHTTPRedirectsButServesACMEChallenges() throws {
        let (site, nginx, http) = try Self.start()
        defer { nginx.stop() }
        let plain = "http://127.0.0.1:\(http)"

        let redirect = try nginx.request("GET", "/users?limit=5", headers: ["Host: api.example.com"], url: plain)
        #expect(redirect.status == 301)
        #expect(redirect.values("Location") == ["https://api.example.com/users?limit=5"])

        try FileManager.default.createDirectory(
            atPath: site.webroot + "/.well-known/acme-challenge", withIntermediateDirectories: true)
        try "token.thumbprint".write(
            toFile: site.webroot + "/.well-known/acme-challenge/token", atomically: true, encoding: .utf8)
        let challenge = try nginx.request("GET", "/.well-known/acme-challenge/token", url: plain)
        #expect(challenge.status == 200)
        #expect(challenge.body == "token.thumbprint")
    }
}

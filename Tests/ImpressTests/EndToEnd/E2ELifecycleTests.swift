import Foundation
import Glibc
import ImpressJSON
import Testing

/// API.md §5 on the real binary: SIGTERM drains what is in flight and exits 0 within
/// IMPRESS_DRAIN_S plus a moment; bad settings and a malformed store stop it at start with
/// exit 2 and one line, before any socket exists.
@Suite(.enabled(if: DaemonHarness.isAvailable))
struct E2ELifecycleTests {
    @Test func sigtermFinishesTheRequestInFlightAndExitsZeroWithinTheDrain() throws {
        let drainSeconds = 3.0
        let stack = try E2EStack(environment: ["IMPRESS_DRAIN_S": String(drainSeconds)], launch: .tcp)
        guard case .tcp(let port) = stack.daemon.endpoint else { throw TestFailure("expected a TCP daemon") }
        let org = E2EDemoData.organizationA
        let params = FastCGIClient.getParams(
            path: "/users", query: "limit=500",
            extra: [("HTTP_AUTHORIZATION", "Bearer \(try stack.memberToken(org))"), ("HTTP_X_ORGANIZATION_ID", org)])

        // A slow client: its request has begun (BEGIN_REQUEST and PARAMS are in), its end
        // (the empty STDIN) comes only after the SIGTERM.
        let slow = try TestConnection(port: port)
        slow.setReceiveTimeout(15)
        try slow.send(FastCGIClient.begin(id: 1, keepConnection: false) + FastCGIClient.stream(4, id: 1, FastCGIClient.pairs(params)))
        // A stalled client that never finishes its request: the drain deadline ends it.
        let stalled = try TestConnection(port: port)
        try stalled.send(FastCGIClient.begin(id: 1, keepConnection: false))
        // Let the daemon accept both and read what they sent.
        Thread.sleep(forTimeInterval: 0.5)

        let signalled = Date()
        stack.daemon.send(SIGTERM)
        Thread.sleep(forTimeInterval: 0.3)
        #expect(
            (try? TestConnection(port: port)) == nil, "the daemon still accepts new connections after SIGTERM")
        try slow.send(FastCGIClient.stream(5, id: 1, []))
        let answer = try slow.readAnswer()
        let cgi = try DaemonHarness.parseCGI(String(decoding: answer.stdout, as: UTF8.self))
        #expect(cgi.status == 200, "\(cgi.body)")
        #expect(try JSONParser.parse(cgi.body)["total"] == .int(Int64(stack.data.organization(org).users.count)))

        let status = stack.daemon.waitForExit(timeout: drainSeconds + 10)
        let elapsed = Date().timeIntervalSince(signalled)
        #expect(status == 0, "\(stack.daemon.log)")
        #expect(elapsed < drainSeconds + 5, "exited \(elapsed) s after SIGTERM")
        withExtendedLifetime(stalled) {}
    }

    @Test func badSettingsExitTwoWithOneLineAndNoSocket() throws {
        let directory = try OpsTemporaryDirectory()
        let socket = directory.path("fcgi.sock")
        try directory.write(#"{"PK":{"S":"FP#f"},"SK":{"S":"EVENT#1"},"fingerprint":{"S":"f"},"organizationId":{"S":"org_a"},"timestamp":{"N":"1"}}"# + "\n", to: "ok.jsonl")
        let valid = [
            "IMPRESS_LISTEN": "unix:" + socket, "IMPRESS_STORE": "file:" + directory.path("ok.jsonl"),
            "CLERK_JWKS_URL": "http://127.0.0.1:9/jwks.json", "CLERK_ISSUER": E2ESigner.issuer,
        ]
        let cases: [(change: [String: String], names: String)] = [
            (["IMPRESS_WORKERS": "0"], "IMPRESS_WORKERS"),
            (["IMPRESS_WORKERS": "many"], "IMPRESS_WORKERS"),
            (["IMPRESS_DRAIN_S": "-1"], "IMPRESS_DRAIN_S"),
            (["IMPRESS_STORE": "postgres"], "IMPRESS_STORE"),
            (["CLERK_JWKS_URL": "ftp://keys.example/jwks.json"], "CLERK_JWKS_URL"),
            (["IMPRESS_BASE_PATH": "api"], "IMPRESS_BASE_PATH"),
            (["IMPRESS_MAX_SCAN_EVENTS": "0"], "IMPRESS_MAX_SCAN_EVENTS"),
        ]
        for (change, names) in cases {
            let result = try DaemonHarness.run(["serve"], environment: valid.merging(change) { _, new in new })
            #expect(result.status == 2, "\(change): \(result.stderr)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(change): \(result.stderr)")
            #expect(result.stderr.contains(names), "\(change): \(result.stderr)")
            #expect(access(socket, F_OK) != 0, "\(change): the socket file was created")
        }
        // Without CLERK_JWKS_URL and CLERK_JWT_KEY there is no way to verify a token.
        var keyless = valid
        keyless["CLERK_JWKS_URL"] = nil
        let result = try DaemonHarness.run(["serve"], environment: keyless)
        #expect(result.status == 2 && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("CLERK_JWKS_URL"))
        #expect(access(socket, F_OK) != 0)
    }

    @Test func aMalformedStoreLineStopsTheStartNamingTheLine() throws {
        let directory = try OpsTemporaryDirectory()
        let socket = directory.path("fcgi.sock")
        let good = #"{"PK":{"S":"FP#f"},"SK":{"S":"EVENT#1"},"fingerprint":{"S":"f"},"organizationId":{"S":"org_a"},"timestamp":{"N":"1"}}"#
        let files: [(name: String, text: String, line: String)] = [
            ("truncated", good + "\n" + good + "\n" + #"{"PK":{"S":"FP#f"},"#, "line 3"),
            ("untyped attribute", good + "\n" + #"{"PK":"FP#f","SK":{"S":"EVENT#2"}}"#, "line 2"),
            ("duplicate member", #"{"PK":{"S":"a"},"PK":{"S":"b"}}"# + "\n" + good, "line 1"),
        ]
        for (name, text, line) in files {
            try directory.write(text + "\n", to: "\(name).jsonl")
            let result = try DaemonHarness.run(
                ["serve"],
                environment: [
                    "IMPRESS_LISTEN": "unix:" + socket, "IMPRESS_STORE": "file:" + directory.path("\(name).jsonl"),
                    "CLERK_JWKS_URL": "http://127.0.0.1:9/jwks.json",
                ])
            #expect(result.status == 2, "\(name): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(name): \(result.stderr)")
            #expect(result.stderr.contains(line), "\(name): \(result.stderr)")
            #expect(access(socket, F_OK) != 0, "\(name): the socket file was created")
        }
    }
}

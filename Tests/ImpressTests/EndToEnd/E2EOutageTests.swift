import Foundation
import ImpressJSON
import ImpressModel
import Testing

/// A DynamoDB outage, end to end, as the dashboard sees it through nginx: the daemon on the
/// DynamoDB store (moto behind `E2EFaultyDynamoDB`), healthy, then each fault of issue 7 in
/// turn — throttled, slower than the timeout, failing, unreachable — and back after each,
/// without a restart. API.md §3, §4 `GET /health` and §5: data routes answer the contract's
/// JSON errors (503 `unavailable` with `Retry-After`, 504 `upstream_timeout`, 502
/// `upstream_error`) within 15 s, `/health` answers 503 `degraded`, and both are back to 200
/// and `ok` once DynamoDB is. The daemon runs with short timeouts and health cache (settings),
/// so a hang costs seconds and the test waits a fixed, bounded time instead of polling.
@Suite(.enabled(if: E2EStack.isAvailable))
struct E2EOutageTests {
    static let organization = E2EDemoData.organizationA
    /// A 2 s attempt, a 4 s call, a 200 ms health ping cache. Short next to the defaults, so a
    /// hang costs seconds, not minutes; long enough that moto answering a healthy call on a
    /// loaded CI machine is never taken for a hang (300 ms attempts were, once, under load).
    static let shortTimeouts = [
        "IMPRESS_DYNAMODB_ATTEMPT_TIMEOUT_MS": "2000", "IMPRESS_DYNAMODB_CALL_TIMEOUT_MS": "4000", "IMPRESS_HEALTH_CACHE_MS": "200",
    ]
    /// The contract's bound on an outage's answer (API.md §5), generous next to the 4 s call.
    static let bound = Duration.seconds(15)

    /// A fault of issue 7 and the error a data route answers while it lasts.
    struct Fault: Sendable, CustomTestStringConvertible {
        var mode: E2EFaultyDynamoDB.Mode
        var status: Int
        var code: String
        var testDescription: String { "\(mode) → \(status) \(code)" }
    }

    static let faults = [
        Fault(mode: .throttling, status: 503, code: "unavailable"),
        Fault(mode: .hanging, status: 504, code: "upstream_timeout"),
        Fault(mode: .failing, status: 502, code: "upstream_error"),
        Fault(mode: .unreachable, status: 502, code: "upstream_error"),
    ]

    @Test func eachFaultGivesItsErrorThenRecoversWithoutARestart() throws {
        let moto = try Moto.shared()
        let table = "outage-\(UUID().uuidString.prefix(8).lowercased())"
        // Demo data in moto's table before the daemon starts (its first ping is then ok).
        let directory = try OpsTemporaryDirectory()
        let data = try E2EDemoData.write(to: directory.path("events.jsonl"))
        let seeding = ParityHarness.client(endpoint: moto.endpoint, table: table)
        try seeding.createEventsTable(table)
        let lines = try String(contentsOfFile: data.path, encoding: .utf8).split(separator: "\n")
        try seeding.batchWrite(tableName: table, items: try lines.map { try Item(wire: try JSONParser.parse(String($0))) })
        let peer = try E2EFaultyDynamoDB(forwardingTo: moto.endpoint)
        let stack = try E2EStack(
            environment: Self.shortTimeouts.merging([
                "IMPRESS_STORE": "dynamodb", "DYNAMODB_TABLE": table, "AWS_ENDPOINT_URL_DYNAMODB": peer.endpoint,
                "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKIDOUTAGE", "AWS_SECRET_ACCESS_KEY": "outage-secret",
            ]) { $1 })
        let daemonPid = stack.daemon.pid
        let token = try stack.memberToken(Self.organization)
        let expectedEvents = JSONValue.int(Int64(data.organization(Self.organization).events))
        func stats() throws -> E2EResponse { try Self.timed { try stack.get("/fraud/stats", token: token, organization: Self.organization) } }
        func health() throws -> E2EResponse { try Self.timed { try stack.get("/health", token: nil) } }
        func expectHealthy() throws {
            let answer = try stats()
            #expect(answer.status == 200, "\(answer.body)")
            #expect(answer.json?["total_events"] == expectedEvents, "\(answer.body)")
            Self.waitPastHealthCaches()
            let healthy = try health()
            #expect(healthy.status == 200 && healthy.json?["status"] == .string("ok"), "\(healthy.body)")
            #expect(healthy.json?["dynamodb"]?["status"] == .string("ok"), "\(healthy.body)")
        }

        try expectHealthy()
        for fault in Self.faults {
            try peer.set(fault.mode)
            let answer = try stats()
            Self.expectError(answer, status: fault.status, code: fault.code)
            if fault.status == 503 { #expect(answer.header("Retry-After") != nil, "\(fault.mode)") }

            Self.waitPastHealthCaches()
            let degraded = try health()
            #expect(degraded.status == 503, "\(fault.mode): \(degraded.body)")
            #expect(degraded.json?["status"] == .string("degraded"), "\(degraded.body)")
            #expect(degraded.json?["dynamodb"]?["status"] == .string("error"), "\(degraded.body)")
            #expect(degraded.json?["error"]?["code"] == .string("unavailable"), "\(degraded.body)")
            #expect(degraded.header("Retry-After") != nil, "\(fault.mode)")
            if fault.mode == .hanging {
                // The ping ended by the call timeout, and says so.
                #expect(degraded.json?["dynamodb"]?["error"] == .string("DynamoDB did not answer in time"), "\(degraded.body)")
            }

            try peer.set(.healthy)
            try expectHealthy()
        }
        #expect(stack.daemon.waitForExit(timeout: 0) == nil && stack.daemon.pid == daemonPid, "the daemon restarted")
    }

    static func expectError(_ answer: E2EResponse, status: Int, code: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(answer.status == status, "\(answer.body)", sourceLocation: sourceLocation)
        #expect(answer.json?["error"]?["code"] == .string(code), "\(answer.body)", sourceLocation: sourceLocation)
        #expect(answer.json?["request_id"]?.stringValue?.isEmpty == false, "\(answer.body)", sourceLocation: sourceLocation)
    }

    /// `request`'s answer, expected within the contract's bound (the only timing this test checks).
    static func timed(_ request: () throws -> E2EResponse, sourceLocation: SourceLocation = #_sourceLocation) rethrows -> E2EResponse {
        let started = ContinuousClock.now
        let answer = try request()
        let elapsed = started.duration(to: .now)
        #expect(elapsed < bound, "answered after \(elapsed)", sourceLocation: sourceLocation)
        return answer
    }

    /// Sleeps past both caches between DynamoDB's state and `/health`'s answer: the store's
    /// ping (200 ms here) and the responder's reuse of a 200 within one second of uptime
    /// (`APIResponder.RecentHealth`). A fixed wait, so nothing here can loop.
    static func waitPastHealthCaches() {
        usleep(1_100_000)
    }
}

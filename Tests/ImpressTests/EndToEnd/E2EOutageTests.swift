import Foundation
import ImpressJSON
import ImpressModel
import Testing

/// A DynamoDB outage, end to end, as the dashboard sees it through nginx: the daemon on the
/// DynamoDB store (moto behind `E2EFaultyDynamoDB`), healthy, then throttled, failing and
/// unreachable, then back, without a restart. API.md §3 and §4 `GET /health`: data routes
/// answer the contract's JSON errors (503 `unavailable` with `Retry-After`, 502
/// `upstream_error`), `/health` answers 503 `degraded` within 15 s and `ok` again once
/// DynamoDB is back. The health ping is cached up to 5 s (not a setting), so the test polls
/// for the change instead of sleeping. A peer slower than the timeout (504) needs 12 s per
/// request at the daemon's timeouts; DynamoDBFaultTests proves that case at short ones.
@Suite(.enabled(if: E2EStack.isAvailable))
struct E2EOutageTests {
    static let organization = E2EDemoData.organizationA

    @Test func anOutageDegradesThenRecoversWithoutARestart() throws {
        let moto = try Moto.shared()
        let table = "outage-\(UUID().uuidString.prefix(8).lowercased())"
        // Demo data in moto's table before the daemon starts (its first ping is then cached as ok).
        let directory = try OpsTemporaryDirectory()
        let data = try E2EDemoData.write(to: directory.path("events.jsonl"))
        let seeding = ParityHarness.client(endpoint: moto.endpoint, table: table)
        try seeding.createEventsTable(table)
        let lines = try String(contentsOfFile: data.path, encoding: .utf8).split(separator: "\n")
        try seeding.batchWrite(tableName: table, items: try lines.map { try Item(wire: try JSONParser.parse(String($0))) })
        let peer = try E2EFaultyDynamoDB(forwardingTo: moto.endpoint)
        let stack = try E2EStack(environment: [
            "IMPRESS_STORE": "dynamodb", "DYNAMODB_TABLE": table, "AWS_ENDPOINT_URL_DYNAMODB": peer.endpoint,
            "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKIDOUTAGE", "AWS_SECRET_ACCESS_KEY": "outage-secret",
        ])
        let daemonPid = stack.daemon.pid
        let token = try stack.memberToken(Self.organization)
        let expectedEvents = JSONValue.int(Int64(data.organization(Self.organization).events))
        func stats() throws -> E2EResponse { try stack.get("/fraud/stats", token: token, organization: Self.organization) }
        func health() throws -> E2EResponse { try stack.get("/health", token: nil) }

        // Healthy.
        var answer = try stats()
        #expect(answer.status == 200, "\(answer.body)")
        #expect(answer.json?["total_events"] == expectedEvents, "\(answer.body)")
        answer = try health()
        #expect(answer.status == 200 && answer.json?["status"] == .string("ok"), "\(answer.body)")
        #expect(answer.json?["dynamodb"]?["status"] == .string("ok"))

        // Throttled: 503 unavailable with Retry-After, on the data route at once and on
        // /health once its cached ping expires.
        peer.set(.throttling)
        answer = try stats()
        Self.expectError(answer, status: 503, code: "unavailable")
        #expect(answer.header("Retry-After") != nil)
        let degraded = Self.poll(health, until: { $0.status == 503 })
        #expect(degraded?.json?["status"] == .string("degraded"), "\(degraded?.body ?? "no 503 within 15 s")")
        #expect(degraded?.json?["dynamodb"]?["status"] == .string("error"))
        #expect(degraded?.json?["error"]?["code"] == .string("unavailable"))
        #expect(degraded?.header("Retry-After") != nil)

        // Failing with 500s, then unreachable: 502 upstream_error; /health stays degraded.
        peer.set(.failing)
        Self.expectError(try stats(), status: 502, code: "upstream_error")
        #expect(try health().status == 503)
        peer.stopListening()
        Self.expectError(try stats(), status: 502, code: "upstream_error")
        #expect(try health().status == 503)

        // Back: the data route answers at once, /health says ok once its cache expires.
        try peer.listenAgain()
        peer.set(.healthy)
        answer = try stats()
        #expect(answer.status == 200, "\(answer.body)")
        #expect(answer.json?["total_events"] == expectedEvents)
        let recovered = Self.poll(health, until: { $0.status == 200 })
        #expect(recovered?.json?["status"] == .string("ok"), "\(recovered?.body ?? "no 200 within 15 s")")
        #expect(recovered?.json?["dynamodb"]?["status"] == .string("ok"))
        #expect(stack.daemon.waitForExit(timeout: 0) == nil && stack.daemon.pid == daemonPid, "the daemon restarted")
    }

    static func expectError(_ answer: E2EResponse, status: Int, code: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(answer.status == status, "\(answer.body)", sourceLocation: sourceLocation)
        #expect(answer.json?["error"]?["code"] == .string(code), "\(answer.body)", sourceLocation: sourceLocation)
        #expect(answer.json?["request_id"]?.stringValue?.isEmpty == false, "\(answer.body)", sourceLocation: sourceLocation)
    }

    /// `request` again every 200 ms until `done` holds (API.md: within 15 s); nil if never.
    static func poll(_ request: () throws -> E2EResponse, until done: (E2EResponse) -> Bool) -> E2EResponse? {
        var last: E2EResponse?
        _ = Processes.waitUntil(timeout: 15) {
            last = try? request()
            if let answer = last, done(answer) { return true }
            usleep(200_000)
            return false
        }
        return last.flatMap { done($0) ? $0 : nil }
    }
}

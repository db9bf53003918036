import ImpressJSON
import Testing

/// With a small `IMPRESS_MAX_SCAN_EVENTS` both stores stop the read and say so. Which
/// events a stopped read saw is not fixed (DynamoDB's parallel slices and segments share
/// the budget in no set order; the file store takes the first by time), so only what
/// API.md §3 fixes is compared: status, `window`, `organizationId`, `events_scanned`,
/// `truncated`.
@Suite struct ParityTruncationTests {
    struct Case: CustomStringConvertible, Sendable {
        var path: String
        var query: String
        var caller: RouteTestCaller
        var ceiling: Int
        /// `events_scanned` and `truncated`, counted by hand from `ParityDataset`.
        var scanned: Int
        var truncated: Bool
        var description: String { "\(caller) \(path)?\(query) ceiling \(ceiling)" }
    }

    static let cases: [Case] = [
        // org_a's default window holds far more than 10 events.
        Case(path: "/users", query: "", caller: .member("org_a"), ceiling: 10, scanned: 10, truncated: true),
        Case(path: "/domainprints/dp_edge", query: "", caller: .member("org_a"), ceiling: 5, scanned: 5, truncated: true),
        // The Scan stops at 40 of the table's items though only 19 are in the edge window.
        Case(path: "/fingerprints", query: "from=\(ParityDataset.edgeFrom)&to=\(ParityDataset.edgeTo)",
             caller: .superadmin(selecting: nil), ceiling: 40, scanned: 40, truncated: true),
        Case(path: "/users", query: "", caller: .superadmin(selecting: nil), ceiling: 25, scanned: 25, truncated: true),
        // 1001: 8 events in the default window across both organizations (GSI_USER); the
        // first 3 by time are org_a's, and both stores read one user's events by time, so
        // both find some (a stopped read that found none would be a 404).
        Case(path: "/users/1001", query: "", caller: .member("org_a"), ceiling: 3, scanned: 3, truncated: true),
        Case(path: "/users/1001", query: "", caller: .member("org_b"), ceiling: 9, scanned: 8, truncated: false),
        // fp_edge in the edge window: 4 events (both ends, the #2 twin, org_b's); 2 stop it.
        Case(path: "/fingerprints/fp_edge", query: "from=\(ParityDataset.edgeFrom)&to=\(ParityDataset.edgeTo)",
             caller: .member("org_a"), ceiling: 2, scanned: 2, truncated: true),
        Case(path: "/fingerprints/fp_edge", query: "from=\(ParityDataset.edgeFrom)&to=\(ParityDataset.edgeTo)",
             caller: .member("org_a"), ceiling: 5, scanned: 4, truncated: false),
        // A ceiling of exactly the events there are does not stop the read.
        Case(path: "/fingerprints/fp_edge", query: "from=\(ParityDataset.edgeFrom)&to=\(ParityDataset.edgeTo)",
             caller: .member("org_a"), ceiling: 4, scanned: 4, truncated: false),
        Case(path: "/users/1001", query: "", caller: .member("org_a"), ceiling: 8, scanned: 8, truncated: false),
    ]

    @Test(arguments: cases)
    func bothStoresStopAndSaySo(_ c: Case) throws {
        let harness = try ParityHarness.instance()
        let answers = harness.ask(
            [ParityRequest(path: c.path, query: c.query, caller: c.caller)], responders: harness.responders(maxScanEvents: c.ceiling))
        let answer = try #require(answers.first)
        func fixed(_ body: [UInt8]) throws -> [JSONValue?] {
            let json = try JSONParser.parse(body)
            return ["window", "organizationId", "events_scanned", "truncated"].map { json[$0] }
        }
        #expect(answer.file.status == answer.dynamo.status)
        #expect(try fixed(answer.file.body) == fixed(answer.dynamo.body))
        #expect(try fixed(answer.file.body)[2...] == [.number(String(c.scanned)), .bool(c.truncated)])
    }
}

import ImpressJSON
import ImpressModel
import Testing

@testable import ImpressAnalytics

@Suite struct AccountSharingTests {
    private static let minute: Int64 = 60_000

    private static func report(_ events: [Event], all: Bool = false, organizations: Bool = false) -> AccountSharingReport {
        var accumulator = AccountSharingAccumulator()
        accumulator.add(contentsOf: events)
        return accumulator.finish(includeAll: all, includeOrganizations: organizations)
    }

    /// alice: one device. bob: six devices one after another (score 40, not flagged: no
    /// concurrency, no travel). carol: three devices in three countries at once (80, flagged).
    /// dave: one device, equator → 10°N → (VPN, skipped) → equator a minute apart each: two
    /// incidents; the VPN event's country still counts (50, flagged). erin: one device at 0 and
    /// 29:59 (one session), a second device starting exactly when it ends. frank: one device
    /// at 0 and 30:00 (two sessions), a second device inside the second one (C = 2, 25).
    /// gina: two devices at once in two countries (35, not flagged).
    private static func people() throws -> [Event] {
        let m = minute
        var samples = [SampleEvent(ts: 0, fp: "A1", user: "alice", ip: "10.0.0.1")]
        for k in 0..<6 {
            samples.append(SampleEvent(ts: Int64(k) * 60 * m, fp: "B\(k + 1)", user: "bob", ip: "10.0.0.2", country: "US"))
        }
        samples += [
            SampleEvent(ts: 0, fp: "C1", org: "org_a", user: "carol", ip: "1.1.1.1", country: "US"),
            SampleEvent(ts: 10 * m, fp: "C2", org: "org_b", user: "carol", ip: "2.2.2.2", country: "DE"),
            SampleEvent(ts: 20 * m, fp: "C3", org: "org_a", user: "carol", ip: "3.3.3.3", country: "FR"),
            SampleEvent(ts: 0, fp: "D1", user: "dave", country: "US", lat: "0", lon: "0"),
            SampleEvent(ts: m, fp: "D1", user: "dave", country: "JP", lat: "10", lon: "0"),
            SampleEvent(ts: 2 * m, fp: "D1", user: "dave", country: "NL", lat: "50", lon: "0", signals: ["vpn"]),
            SampleEvent(ts: 3 * m, fp: "D1", user: "dave", country: "US", lat: "0", lon: "0"),
            SampleEvent(ts: 0, fp: "E1", user: "erin"),
            SampleEvent(ts: 30 * m - 1_000, fp: "E1", user: "erin"),
            SampleEvent(ts: 60 * m - 1_000, fp: "E2", user: "erin"),
            SampleEvent(ts: 0, fp: "F1", user: "frank"),
            SampleEvent(ts: 30 * m, fp: "F1", user: "frank"),
            SampleEvent(ts: 60 * m - 1, fp: "F2", user: "frank"),
            SampleEvent(ts: 0, fp: "G1", user: "gina", country: "US"),
            SampleEvent(ts: 10 * m, fp: "G2", user: "gina", country: "DE"),
            SampleEvent(ts: 5 * m, fp: "X"),  // anonymous: no user to analyse
        ]
        return try SampleEvent.events(samples)
    }

    private static let carol = #"{"user_id":"carol","fingerprint_count":3,"ip_count":3,"country_count":3,"#
        + #""impossible_travel_count":0,"max_concurrent":3,"sharing_score":80,"flagged":true,"#
        + #""event_count":3,"first_seen":0,"last_seen":1200000"#
    private static let dave = #"{"user_id":"dave","fingerprint_count":1,"ip_count":0,"country_count":3,"#
        + #""impossible_travel_count":2,"max_concurrent":1,"sharing_score":50,"flagged":true,"#
        + #""event_count":4,"first_seen":0,"last_seen":180000"#

    @Test func flaggedRowsAndSummary() throws {
        let expected = #"{"items":["# + Self.carol + "}," + Self.dave + "}],"
            + #""summary":{"users_analyzed":7,"flagged_users":2,"sharing_rate":0.29}}"#
        for order in SampleEvent.orders(of: try Self.people()) {
            let report = Self.report(order)
            #expect(
                SampleEvent.text { out in
                    SampleEvent.writeItems(report.rows, to: &out) { $0.write(to: &$1) }
                    report.writeSummaryMembers(to: &out)
                } == expected)
        }
    }

    @Test func allUsersByScoreThenId() throws {
        for order in SampleEvent.orders(of: try Self.people()) {
            let rows = Self.report(order, all: true).rows
            #expect(rows.map(\.userId) == ["carol", "dave", "bob", "gina", "frank", "alice", "erin"])
            #expect(rows.map(\.sharingScore) == [80, 50, 40, 35, 25, 0, 0])
            #expect(rows.map(\.maxConcurrent) == [3, 1, 1, 2, 2, 1, 1])
            #expect(rows.map(\.fingerprintCount) == [3, 1, 6, 2, 2, 1, 2])
            #expect(rows.map(\.flagged) == [true, true, false, false, false, false, false])
        }
    }

    @Test func superadminRowsListTheirOrganizations() throws {
        let report = Self.report(try Self.people(), organizations: true)
        #expect(
            SampleEvent.text { SampleEvent.writeItems(report.rows, to: &$0) { $0.write(to: &$1) } }
                == #"{"items":["# + Self.carol + #","organizations":["org_a","org_b"]},"#
                + Self.dave + #","organizations":["org_1"]}]}"#)
    }

    @Test func noUsersMeansZeroRate() {
        #expect(
            SampleEvent.text(AccountSharingAccumulator().finish().writeSummaryMembers)
                == #"{"summary":{"users_analyzed":0,"flagged_users":0,"sharing_rate":0}}"#)
    }

    /// min(100, 10·clamp(D−2,0,4) + 25·clamp(C−1,0,2) + 10·clamp(G−1,0,2) + 15·min(T,2)).
    @Test(arguments: [
        (1, 1, 1, 0, 0), (2, 1, 1, 0, 0), (3, 1, 1, 0, 10), (6, 1, 1, 0, 40), (7, 1, 1, 0, 40),
        (1, 2, 1, 0, 25), (1, 3, 1, 0, 50), (1, 4, 1, 0, 50),
        (1, 1, 0, 0, 0), (1, 1, 2, 0, 10), (1, 1, 3, 0, 20), (1, 1, 4, 0, 20),
        (1, 1, 1, 1, 15), (1, 1, 1, 2, 30), (1, 1, 1, 5, 30),
        (4, 2, 2, 0, 55), (6, 3, 3, 2, 100), (5, 3, 3, 0, 100),
    ] as [(Int, Int, Int, Int, Int)])
    func sharingScore(d: Int, c: Int, g: Int, t: Int, score: Int) {
        #expect(AccountSharingRow.sharingScore(fingerprints: d, concurrent: c, countries: g, travel: t) == score)
    }

    @Test(arguments: [
        ([0, 29 * 60_000 + 59_000], [(0, 59 * 60_000 + 59_000)]),  // 29:59 gap: one session
        ([0, 1_800_000], [(0, 1_800_000), (1_800_000, 3_600_000)]),  // exactly 30 min: a new one
        ([5], [(5, 1_800_005)]),
        ([Int64.max], [(Int64.max, Int64.max)]),  // the end saturates
        ([Int64.min, Int64.max], [(Int64.min, Int64.min + 1_800_000), (Int64.max, Int64.max)]),
    ] as [([Int64], [(Int64, Int64)])])
    func sessionsSplitAtThirtyMinutes(timestamps: [Int64], expected: [(Int64, Int64)]) {
        var sessions: [(start: Int64, end: Int64)] = []
        Sessions.append(sessionsOf: timestamps, into: &sessions)
        #expect(sessions.map(\.start) == expected.map(\.0))
        #expect(sessions.map(\.end) == expected.map(\.1))
    }

    @Test(arguments: [
        ([(0, 10), (10, 20)], 1),  // an end touching a start: no overlap
        ([(0, 10), (9, 20)], 2),
        ([(0, 10), (0, 10), (5, 6)], 3),
        ([(0, 100), (10, 20), (20, 30), (30, 40)], 2),
        ([], 0),
    ] as [([(Int64, Int64)], Int)])
    func maxConcurrentSweepsEndsBeforeStarts(sessions: [(Int64, Int64)], expected: Int) {
        var scratch: [(time: Int64, delta: Int)] = []
        #expect(Sessions.maxConcurrent(sessions.map { (start: $0.0, end: $0.1) }, boundaries: &scratch) == expected)
    }
}

import ImpressJSON
import ImpressModel
import Testing

@testable import ImpressAnalytics

@Suite struct FraudStatsTests {
    private static func stats(_ events: [Event]) -> FraudStats {
        var accumulator = FraudStatsAccumulator()
        accumulator.add(contentsOf: events)
        return accumulator.finish()
    }

    /// 2024-12-04T23:59:59.999Z and the next millisecond, 2024-12-05T00:00:00.000Z.
    private static let lastMillisecondOfDec4: Int64 = 1_733_356_799_999

    @Test func countsLevelsAverageSignalsAndTimeline() throws {
        let t = Self.lastMillisecondOfDec4
        let events = try SampleEvent.events([
            SampleEvent(ts: t - 3, fp: "f1", user: "u1", risk: "39.99", signals: ["vpn", "bot"]),
            SampleEvent(ts: t - 2, fp: "f2", user: "u1", risk: "40", signals: ["vpn", "vpn"]),
            SampleEvent(ts: t - 1, fp: "f1", user: "u2", risk: "69.99", signals: ["tor"]),
            SampleEvent(ts: t, fp: "f3", risk: "70", signals: ["Zeta"]),
            SampleEvent(ts: t + 1, fp: "f3", user: "u3", risk: "89.99"),
            SampleEvent(ts: t + 2, fp: "f3", user: "u3", risk: "90.0"),
            SampleEvent(ts: t + 3, fp: "f4", user: "u4"),
        ])
        // Average over the 6 scored events: 399.97 / 6 = 66.6616… → 66.66. Only u3 reaches 70
        // (the score-70 event is anonymous). "Zeta" sorts before "bot" by code point.
        let expected = #"{"total_events":7,"unique_users":4,"unique_fingerprints":4,"average_risk_score":66.66,"#
            + #""risk_levels":{"low":1,"medium":2,"high":2,"critical":1},"#
            + #""signals":{"Zeta":1,"bot":1,"tor":1,"vpn":2},"#
            + #""high_risk_users":[{"user_id":"u3","max_risk_score":90,"event_count":2}],"#
            + #""impossible_travel":{"count":0,"incidents":[]},"#
            + #""timeline":[{"date":"2024-12-04","events":4,"high_risk":1},{"date":"2024-12-05","events":3,"high_risk":2}]}"#
        for order in SampleEvent.orders(of: events) {
            #expect(SampleEvent.text(Self.stats(order).writeMembers) == expected)
        }
    }

    @Test func noScoredEventMeansNullAverageAndZeroLevels() throws {
        let events = try SampleEvent.events([SampleEvent(ts: 0, user: "u1"), SampleEvent(ts: -1, fp: "f2")])
        #expect(
            SampleEvent.text(Self.stats(events).writeMembers)
                == #"{"total_events":2,"unique_users":1,"unique_fingerprints":2,"average_risk_score":null,"#
                + #""risk_levels":{"low":0,"medium":0,"high":0,"critical":0},"signals":{},"high_risk_users":[],"#
                + #""impossible_travel":{"count":0,"incidents":[]},"#
                + #""timeline":[{"date":"1969-12-31","events":1,"high_risk":0},{"date":"1970-01-01","events":1,"high_risk":0}]}"#)
        #expect(
            SampleEvent.text(FraudStatsAccumulator().finish().writeMembers)
                == #"{"total_events":0,"unique_users":0,"unique_fingerprints":0,"average_risk_score":null,"#
                + #""risk_levels":{"low":0,"medium":0,"high":0,"critical":0},"signals":{},"high_risk_users":[],"#
                + #""impossible_travel":{"count":0,"incidents":[]},"timeline":[]}"#)
    }

    @Test func highRiskUsersTopTenWithTies() throws {
        var samples = [
            SampleEvent(ts: 1, user: "a", risk: "95.50"),
            SampleEvent(ts: 2, user: "b", risk: "80"), SampleEvent(ts: 3, user: "b", risk: "80.0"),
            SampleEvent(ts: 4, user: "c", risk: "80"),
            SampleEvent(ts: 5, user: "d", risk: "80"), SampleEvent(ts: 6, user: "d", risk: "10"),
            SampleEvent(ts: 7, user: "e", risk: "70"),
            SampleEvent(ts: 8, user: "f", risk: "69.99"),
            SampleEvent(ts: 9, user: "n"),  // unscored
        ]
        for (i, user) in ["g", "h", "i", "j", "k", "l", "m"].enumerated() {
            samples.append(SampleEvent(ts: 100 + Int64(i), user: user, risk: "75"))
        }
        let events = try SampleEvent.events(samples)
        // By max desc, then event_count desc (b and d have 2 events), then user id: the cut
        // after ten drops l, m (75) and e (70); f (69.99) never qualifies.
        let expected = [
            ("a", "95.5", 1), ("b", "80", 2), ("d", "80", 2), ("c", "80", 1), ("g", "75", 1), ("h", "75", 1),
            ("i", "75", 1), ("j", "75", 1), ("k", "75", 1), ("l", "75", 1),
        ]
        for order in SampleEvent.orders(of: events) {
            let users = try Self.stats(order).highRiskUsers.map { try SampleEvent.parsed($0.write) }
            #expect(users.count == 10)
            for (row, (user, max, count)) in zip(users, expected) {
                #expect(row == .object([("user_id", .string(user)), ("max_risk_score", .number(max)), ("event_count", .int(count))]))
            }
        }
    }

    @Test func incidentsTopTwentyBySpeedThenUserThenTime() throws {
        let tenDegrees = "10"
        var samples: [SampleEvent] = []
        // u00…u21: one equator → 10°N hop in 60 s each (same speed); u00 hops back as well.
        for i in 0..<22 {
            let user = "u" + (i < 10 ? "0" : "") + String(i)
            samples.append(SampleEvent(ts: 0, fp: user, user: user, lat: "0", lon: "0"))
            samples.append(SampleEvent(ts: 60_000, fp: user, user: user, lat: tenDegrees, lon: "0"))
        }
        samples.append(SampleEvent(ts: 120_000, fp: "u00", user: "u00", lat: "0", lon: "0"))
        // z goes twice as far in the same minute: fastest, listed first despite its id.
        samples.append(SampleEvent(ts: 0, fp: "z", user: "z", lat: "0", lon: "0"))
        samples.append(SampleEvent(ts: 60_000, fp: "z", user: "z", lat: "20", lon: "0"))
        let events = try SampleEvent.events(samples)
        var expected: [(String, Int64)] = [("z", 0), ("u00", 0), ("u00", 60_000)]
        for i in 1...17 { expected.append(("u" + (i < 10 ? "0" : "") + String(i), 0)) }
        for order in SampleEvent.orders(of: events) {
            let stats = Self.stats(order)
            #expect(stats.impossibleTravelCount == 24)  // z 1, u00 2, u01…u21 21
            #expect(stats.incidents.map { $0.userId } == expected.map(\.0))
            #expect(stats.incidents.map { $0.from.timestamp } == expected.map(\.1))
        }
        // 1111.9492… km in 60 s → 66716.96 km/h; z: 2223.8985… km → 133433.91 km/h.
        let first = try #require(Self.stats(events).incidents.first)
        #expect(try SampleEvent.parsed(first.write)["distance_km"] == .number("2223.9"))
        #expect(try SampleEvent.parsed(first.write)["speed_kmh"] == .number("133433.91"))
        #expect(try SampleEvent.parsed(Self.stats(events).incidents[1].write)["speed_kmh"] == .number("66716.96"))
    }

    @Test func averageDoesNotDependOnSummationOrder() throws {
        // Near 1e16 doubles are 2 apart, so a plain running sum drops each +1 (and gets 0 in
        // every order here); the true sum is 2, the average 0.5.
        let events = try SampleEvent.events([
            SampleEvent(ts: 1, risk: "1e16"), SampleEvent(ts: 2, risk: "1"), SampleEvent(ts: 3, risk: "1"),
            SampleEvent(ts: 4, risk: "-1e16"),
        ])
        for order in SampleEvent.orders(of: events) {
            #expect(Self.stats(order).averageRiskScore == 0.5)
        }
    }

    @Test(arguments: [
        (0, "1970-01-01"), (-1, "1969-12-31"), (86_399_999, "1970-01-01"), (86_400_000, "1970-01-02"),
        (951_782_400_000, "2000-02-29"), (1_733_356_799_999, "2024-12-04"), (1_733_356_800_000, "2024-12-05"),
        (-62_135_596_800_000, "0001-01-01"), (-62_135_596_800_001, "0000-12-31"),
        (253_402_214_400_000, "9999-12-31"), (253_402_300_800_000, "10000-01-01"),
        // The ends of Int64 (java.time prints the same days for Long.MIN/MAX_VALUE ms).
        (Int64.min, "-292275055-05-16"), (Int64.max, "292278994-08-17"),
    ] as [(Int64, String)])
    func utcDays(milliseconds: Int64, date: String) {
        #expect(UTCDay(epochMilliseconds: milliseconds).isoDate == date)
    }
}

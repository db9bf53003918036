import ImpressJSON
import ImpressModel
import Testing

@testable import ImpressAnalytics

/// The travel log orders a user's events of one millisecond by `SK` without reading it, through
/// `Event.Keys.sortKeyTail`; an `SK` the tail cannot stand for is compared as text.
@Suite struct SortKeyTailTests {
    @Test(arguments: [
        ("EVENT#5000", 5000, 0),
        ("EVENT#5000#a", 5000, 0x2361_0000_0000_0000),
        ("EVENT#5000#1234567", 5000, 0x2331_3233_3435_3637),  // 8 bytes: the most a tail holds
        ("EVENT#-5#1", -5, 0x2331_0000_0000_0000),
        ("EVENT#9223372036854775807", Int64.max, 0),
        ("EVENT#-9223372036854775808", Int64.min, 0),
        ("EVENT#5000#12345678", 5000, UInt64.max),  // 9 bytes
        ("EVENT#5000#a\u{0}", 5000, UInt64.max),  // NUL would read as padding
        ("EVENT#05000", 5000, UInt64.max),  // not how the timestamp is written
        ("EVENT#+5000", 5000, UInt64.max),
        ("EVENT#-0", 0, UInt64.max),
        ("EVENT#5001", 5000, UInt64.max),  // another timestamp
        ("EVENT#-5000", 5000, UInt64.max),
        ("EVENT#", 0, UInt64.max),
        ("event#5000", 5000, UInt64.max),
        ("EVENT#99999999999999999999", 0, UInt64.max),  // past Int64
    ] as [(String, Int64, UInt64)])
    func tails(sortKey: String, timestamp: Int64, expected: UInt64) {
        let tail = Event.Keys.sortKeyTail(sortKey, timestamp: timestamp)
        #expect(tail == expected)
        if tail != Event.Keys.uncodedSortKey {
            #expect(Event.Keys.sortKey(tail: tail, timestamp: timestamp) == sortKey)
        }
    }

    /// One user's events, all but the last two at 5000 ms, in `SK` code-point order:
    /// `EVENT#05000#z` (a tail cannot stand for it) < `EVENT#5000` < `EVENT#5000#a` <
    /// `EVENT#5000#abcdefghij` (too long for a tail) < `EVENT#5000#b`; then at 6000 ms one `SK`
    /// on two fingerprints, `a` before `b`. Latitudes 20, 0, 10, 0, 10, 10, 0 (longitude 0):
    /// five incidents, the first 20° long, the others 10° (so tied on speed, ranked by `from`).
    private static func events() throws -> [Event] {
        let stops: [(sortKey: String, ts: Int64, fp: String, lat: String)] = [
            ("EVENT#5000#b", 5000, "f", "10"), ("EVENT#5000#abcdefghij", 5000, "f", "0"), ("EVENT#5000", 5000, "f", "0"),
            ("EVENT#6000#x", 6000, "b", "0"), ("EVENT#05000#z", 5000, "f", "20"), ("EVENT#5000#a", 5000, "f", "10"),
            ("EVENT#6000#x", 6000, "a", "10"),
        ]
        return try stops.map { stop in
            var item = SampleEvent(ts: stop.ts, fp: stop.fp, user: "u", lat: stop.lat, lon: "0").item
            item["SK"] = .s(stop.sortKey)
            return try Event(item: item)
        }
    }

    @Test func sameMillisecondFollowsSortKeyThenFingerprint() throws {
        let unkeyed = try Self.events()
        // The same events keyed as a store keys them at load.
        var table = Event.KeyTable()
        let keyed = unkeyed.map { event in
            var event = event
            event.keys = table.keys(of: event)
            return event
        }
        for events in [unkeyed, keyed] {
            for order in SampleEvent.orders(of: events) {
                var accumulator = FraudStatsAccumulator()
                accumulator.add(contentsOf: order)
                let stats = accumulator.finish()
                #expect(stats.impossibleTravelCount == 5)
                #expect(
                    stats.incidents.map { $0.from.position.sortKey }
                        == ["EVENT#05000#z", "EVENT#5000", "EVENT#5000#a", "EVENT#5000#abcdefghij", "EVENT#6000#x"])
                #expect(
                    stats.incidents.map { $0.to.position.sortKey }
                        == ["EVENT#5000", "EVENT#5000#a", "EVENT#5000#abcdefghij", "EVENT#5000#b", "EVENT#6000#x"])
                #expect(stats.incidents.map { $0.from.latitudeText } == ["20", "0", "10", "0", "10"])
                #expect(stats.incidents.last?.from.position.fingerprint == "a")
                #expect(stats.incidents.last?.to.position.fingerprint == "b")
            }
        }
    }
}

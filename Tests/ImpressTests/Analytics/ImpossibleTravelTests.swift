import ImpressJSON
import ImpressModel
import Testing

@testable import ImpressAnalytics

@Suite struct ImpossibleTravelTests {
    @Test func haversineOnTheR6371Sphere() {
        // One degree of arc is 6371 · π / 180 km.
        #expect(abs(ImpossibleTravel.distanceKm(lat1: 0, lon1: 0, lat2: 0, lon2: 1) - 111.194_926_644_558_73) < 1e-9)
        #expect(abs(ImpossibleTravel.distanceKm(lat1: 0, lon1: 0, lat2: 10, lon2: 0) - 1111.949_266_445_587) < 1e-9)
        #expect(ImpossibleTravel.distanceKm(lat1: 48.8566, lon1: 2.3522, lat2: 48.8566, lon2: 2.3522) == 0)
    }

    /// Speed = distance ÷ max(elapsed, 60 s); an incident needs ≥ 500 km and > 1000 km/h.
    @Test(arguments: [
        (1000.0, 3_600_000, 1000.0, false),  // exactly 1000 km/h: not an incident
        (1000.0, 3_599_000, 1000.0 * 3600 / 3599, true),  // just above
        (500.0, 60_000, 30_000.0, true),  // exactly 500 km
        (499.99, 60_000, 29_999.4, false),  // just under 500 km, however fast
        (600.0, 1_000, 36_000.0, true),  // 1 s counts as 60 s
        (600.0, 0, 36_000.0, true),  // same instant counts as 60 s
        (600.0, 59_999, 36_000.0, true),
        (600.0, 120_000, 18_000.0, true),
    ] as [(Double, Int64, Double, Bool)])
    func speedAndThresholds(distance: Double, elapsedMs: Int64, expectedSpeed: Double, expectedIncident: Bool) {
        let speed = ImpossibleTravel.speedKmh(distanceKm: distance, elapsedMilliseconds: elapsedMs)
        #expect(abs(speed - expectedSpeed) < 1e-6)
        #expect(ImpossibleTravel.isImpossible(distanceKm: distance, speedKmh: speed) == expectedIncident)
    }

    @Test func distanceBoundaryAlongAMeridian() throws {
        // 499 km and 501 km north of the equator, one minute later.
        for (km, expected) in [(499.0, 0), (501.0, 1)] {
            let events = try SampleEvent.events([
                SampleEvent(ts: 0, lat: "0", lon: "0"),
                SampleEvent(ts: 60_000, lat: SampleEvent.degrees(forKm: km), lon: "0"),
            ])
            #expect(ImpossibleTravel.incidents(userId: "u", events: events).count == expected, "\(km) km")
        }
    }

    @Test func incidentJSONEchoesStoredNumbersAndKeepsRawElapsed() throws {
        let events = try SampleEvent.events([
            SampleEvent(ts: 1_000, ip: "1.1.1.1", country: "FR", city: "Paris", lat: "48.8566", lon: "2.3522"),
            // 30.5 s later in Tokyo; no ip and city stored.
            SampleEvent(ts: 31_500, country: "JP", lat: "35.67620", lon: "139.6503"),
        ])
        let incidents = ImpossibleTravel.incidents(userId: "u1", events: events)
        try #require(incidents.count == 1)
        // 9711.7248… km, floored to 60 s: × 60 = 582703.489… km/h.
        #expect(
            JSONOutputTests.written(incidents[0].write)
                == #"{"user_id":"u1","from":{"timestamp":1000,"ip":"1.1.1.1","country":"FR","city":"Paris","latitude":48.8566,"longitude":2.3522},"#
                + #""to":{"timestamp":31500,"ip":null,"country":"JP","city":null,"latitude":35.6762,"longitude":139.6503},"#
                + #""distance_km":9711.72,"elapsed_s":30.5,"speed_kmh":582703.49}"#)
    }

    @Test(arguments: ["vpn", "proxy", "tor"])
    func proxiedEventsAreSkipped(signal: String) throws {
        // Paris, Tokyo (through a proxy), Paris: without the Tokyo event nothing moved.
        let events = try SampleEvent.events([
            SampleEvent(ts: 0, lat: "48.8566", lon: "2.3522"),
            SampleEvent(ts: 60_000, lat: "35.6762", lon: "139.6503", signals: ["incognito", signal]),
            SampleEvent(ts: 120_000, lat: "48.8566", lon: "2.3522"),
        ])
        #expect(ImpossibleTravel.incidents(userId: "u", events: events).isEmpty)
        // The same journey in the clear is two incidents.
        let clear = try SampleEvent.events([
            SampleEvent(ts: 0, lat: "48.8566", lon: "2.3522"),
            SampleEvent(ts: 60_000, lat: "35.6762", lon: "139.6503", signals: ["incognito"]),
            SampleEvent(ts: 120_000, lat: "48.8566", lon: "2.3522"),
        ])
        #expect(ImpossibleTravel.incidents(userId: "u", events: clear).count == 2)
    }

    @Test func eventsWithoutBothCoordinatesAreSkipped() throws {
        let events = try SampleEvent.events([
            SampleEvent(ts: 0, lat: "0", lon: "0"),
            SampleEvent(ts: 1_000, lat: "10"),  // no longitude
            SampleEvent(ts: 2_000, lon: "10"),  // no latitude
            SampleEvent(ts: 3_000, lat: "95", lon: "0"),  // not a latitude
            SampleEvent(ts: 4_000, lat: "0.5", lon: "0"),  // 55.6 km from the first
        ])
        #expect(ImpossibleTravel.incidents(userId: "u", events: events).isEmpty)
    }

    @Test func sameMillisecondIsOrderedBySortKey() throws {
        // Same timestamp: SK `…#a` (equator) comes before `…#b` (10°N), whatever the input order.
        let a = SampleEvent(ts: 5_000, skSuffix: "a", lat: "0", lon: "0")
        let b = SampleEvent(ts: 5_000, skSuffix: "b", lat: "10", lon: "0")
        for samples in [[a, b], [b, a]] {
            let incidents = ImpossibleTravel.incidents(userId: "u", events: try SampleEvent.events(samples))
            try #require(incidents.count == 1)
            #expect(incidents[0].from.latitudeText == "0")
            #expect(incidents[0].to.latitudeText == "10")
            #expect(incidents[0].elapsedMilliseconds == 0)
        }
    }

    @Test func extremeTimestampsDoNotTrap() throws {
        let events = try SampleEvent.events([
            SampleEvent(ts: Int64.min, lat: "0", lon: "0"),
            SampleEvent(ts: Int64.max, lat: "10", lon: "0"),
        ])
        #expect(ImpossibleTravel.incidents(userId: "u", events: events).isEmpty)
    }

    @Test(arguments: [
        (30_500, "30.5"), (60_000, "60"), (1, "0.001"), (10, "0.01"), (123_456, "123.456"), (0, "0"),
        (1_050, "1.05"), (5, "0.005"), (-30_500, "-30.5"), (-1_000, "-1"),
    ] as [(Int64, String)])
    func elapsedSecondsAreExact(milliseconds: Int64, expected: String) {
        #expect(JSONOutputTests.written { $0.thousandths(milliseconds) } == expected)
    }

    @Test(arguments: [
        (39.99, .low), (40, .medium), (69.99, .medium), (70, .high), (89.99, .high), (90, .critical),
        (0, .low), (100, .critical), (-5, .low),
    ] as [(Double, RiskLevel)])
    func riskLevelEdges(score: Double, level: RiskLevel) {
        #expect(RiskLevel(score: score) == level)
    }
}

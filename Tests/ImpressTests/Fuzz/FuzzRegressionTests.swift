import ImpressAnalytics
import ImpressModel
import Testing

/// Inputs the fuzz harnesses (`Fuzz/`) found crashing, kept as tests of the fixed code.
@Suite struct FuzzRegressionTests {
    /// Found by FuzzFileStore: a user with located events at Int64.min and at an ordinary time,
    /// read with a forged cursor spanning all of Int64, trapped in `b.timestamp - a.timestamp`.
    @Test func regression_impossibleTravelElapsedOverflow() throws {
        func located(at timestamp: Int64, lat: String, lon: String) throws -> Event {
            try Event(item: [
                "fingerprint": .s("fp"), "organizationId": .s("org"), "timestamp": .n(String(timestamp)),
                "user_id": .s("u"), "latitude": .n(lat), "longitude": .n(lon),
            ])
        }
        let events = [
            try located(at: .min, lat: "-90", lon: "180"),
            try located(at: 1_764_547_200_000, lat: "52.52", lon: "13.40"),
            try located(at: .max, lat: "40.71", lon: "-74.0"),
        ]
        // Each pair is ~10^16 s apart: thousands of km in that time is no incident.
        #expect(ImpossibleTravel.incidents(userId: "u", events: events).isEmpty)
    }
}

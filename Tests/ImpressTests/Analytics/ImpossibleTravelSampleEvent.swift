import ImpressApp
import ImpressJSON
import ImpressModel

/// A hand-built event for the analytics tests (shared by the fraud stats, identity graph,
/// attribution, account sharing and impossible travel suites): only the fields a test names
/// are set, and the event goes through `Event(item:)` like a stored one.
struct SampleEvent {
    var ts: Int64
    var fp = "fp1"
    var org = "org_1"
    /// The `SK` suffix after `EVENT#{ts}`, for tie-breaks.
    var skSuffix: String?
    var user: String?
    var dp: String?
    var domain: String?
    var type: String?
    var ip: String?
    var country: String?
    var city: String?
    var lat: String?
    var lon: String?
    var risk: String?
    var signals: [String] = []
    var utmSource: String?
    var utmMedium: String?
    var utmCampaign: String?
    var revenue: String?

    var item: Item {
        var item: Item = [
            "PK": .s("FP#\(fp)"),
            "SK": .s("EVENT#\(ts)" + (skSuffix.map { "#" + $0 } ?? "")),
            "fingerprint": .s(fp),
            "organizationId": .s(org),
            "timestamp": .n(String(ts)),
        ]
        let strings: [(String, String?)] = [
            ("user_id", user), ("domainprint", dp), ("domain", domain), ("event_type", type), ("ip", ip),
            ("country", country), ("city", city), ("utm_source", utmSource), ("utm_medium", utmMedium),
            ("utm_campaign", utmCampaign),
        ]
        for (name, value) in strings { if let value { item[name] = .s(value) } }
        let numbers: [(String, String?)] = [("latitude", lat), ("longitude", lon), ("risk_score", risk), ("revenue", revenue)]
        for (name, value) in numbers { if let value { item[name] = .n(value) } }
        if !signals.isEmpty { item["signals"] = .ss(signals) }
        return item
    }

    static func events(_ samples: [SampleEvent]) throws -> [Event] {
        try samples.map { try Event(item: $0.item) }
    }

    /// The same events in several orders (as given, reversed, and two fixed shuffles), for
    /// checking that a result does not depend on the order pages arrive in.
    static func orders(of events: [Event]) -> [[Event]] {
        var generator = SplitMix64(seed: 42)
        return [events, events.reversed(), events.shuffled(using: &generator), events.shuffled(using: &generator)]
    }

    /// Compact JSON of an object of the members `writeMembers` writes, to compare whole results.
    static func text(_ writeMembers: (inout JSONOutput) -> Void) -> String {
        JSONOutputTests.written { $0.object(writeMembers) }
    }

    /// The one value `write` writes, parsed back, to read single members of a result.
    static func parsed(_ write: (inout JSONOutput) -> Void) throws -> JSONValue {
        try JSONParser.parse(JSONOutputTests.written(write))
    }

    /// `items` of `rows`, each written by `write`.
    static func writeItems<Row>(_ rows: [Row], to out: inout JSONOutput, _ write: (Row, inout JSONOutput) -> Void) {
        out.key("items")
        out.array { out in for row in rows { write(row, &out) } }
    }

    /// Degrees of arc for a great-circle distance on the R = 6371 km sphere, as `N` text.
    static func degrees(forKm km: Double) -> String {
        String(km / 6371.0 * 180 / Double.pi)
    }
}

/// A seeded generator, so shuffled orders are the same on every run: the demo data's own.
typealias SplitMix64 = DemoData.Random

extension DemoData.Random {
    init(seed: UInt64) { self.init(state: seed) }
}

import ImpressJSON
import ImpressModel

/// The `/fingerprints/{fp}` aggregation (API.md §4) over one fingerprint's events.
public struct FingerprintsDetail: Sendable {
    public private(set) var summary: FingerprintsRow
    private var users: [String: GroupingActivity] = [:]
    public private(set) var events: [Event] = []
    private var keyTable = Event.KeyTable()

    public init(fingerprint: String) { summary = FingerprintsRow(fingerprint: fingerprint) }

    public mutating func add(_ page: [Event]) {
        page.forEachInPlace(keyedBy: &keyTable) { event, keys in
            guard event.pointee.fingerprint == summary.fingerprint else { return }
            summary.add(event, keys: keys)
            if let u = event.pointee.userId { users[u, default: GroupingActivity()].add(event.pointee.timestamp) }
            events.append(event.pointee)
        }
    }

    public var isEmpty: Bool { events.isEmpty }

    public var statsJSON: JSONValue {
        .object([
            ("event_count", .int(summary.activity.eventCount)),
            ("user_count", .int(summary.users.count)),
            ("first_seen", .int(summary.activity.firstSeen)),
            ("last_seen", .int(summary.activity.lastSeen)),
            ("max_risk_score", summary.risk.maxJSON),
            ("risk_level", summary.risk.levelJSON),
        ])
    }

    public var usersJSON: JSONValue { GroupingActivity.subList(users, idName: "user_id") }
}

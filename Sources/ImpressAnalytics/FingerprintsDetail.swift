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

    /// `collision`, `stats`, `users`, `domainprints`, `domains`.
    public func writeMembers(to out: inout JSONOutput) {
        out.member("collision", summary.isCollision)
        out.key("stats")
        out.object { out in
            out.member("event_count", summary.activity.eventCount)
            out.member("user_count", summary.users.count)
            out.member("first_seen", summary.activity.firstSeen)
            out.member("last_seen", summary.activity.lastSeen)
            summary.risk.writeMax(to: &out)
            summary.risk.writeLevel(to: &out)
        }
        out.key("users")
        GroupingActivity.writeSubList(users, idName: "user_id", to: &out)
        out.member("domainprints", strings: summary.domainprints.sorted)
        out.member("domains", strings: summary.domains.sorted)
    }
}

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
        out.key("collision")
        out.bool(summary.isCollision)
        out.key("stats")
        out.object { out in
            out.key("event_count")
            out.int(summary.activity.eventCount)
            out.key("user_count")
            out.int(summary.users.count)
            out.key("first_seen")
            out.int(summary.activity.firstSeen)
            out.key("last_seen")
            out.int(summary.activity.lastSeen)
            summary.risk.writeMax(to: &out)
            summary.risk.writeLevel(to: &out)
        }
        out.key("users")
        GroupingActivity.writeSubList(users, idName: "user_id", to: &out)
        out.key("domainprints")
        out.strings(summary.domainprints.sorted)
        out.key("domains")
        out.strings(summary.domains.sorted)
    }
}

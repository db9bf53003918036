import ImpressJSON
import ImpressModel

/// The `/domainprints/{dp}` aggregation (API.md §4) over one domainprint's events.
public struct DomainprintsDetail: Sendable {
    public private(set) var summary: DomainprintsRow
    private var users: [String: GroupingActivity] = [:]
    private var fingerprints: [String: GroupingActivity] = [:]
    private var domains: [String: GroupingActivity] = [:]
    public private(set) var events: [Event] = []
    private var keyTable = Event.KeyTable()

    public init(domainprint: String) { summary = DomainprintsRow(domainprint: domainprint) }

    public mutating func add(_ page: [Event]) {
        page.forEachInPlace(keyedBy: &keyTable) { event, keys in
            guard event.pointee.domainprint == summary.domainprint else { return }
            summary.add(event, keys: keys)
            let timestamp = event.pointee.timestamp
            if let u = event.pointee.userId { users[u, default: GroupingActivity()].add(timestamp) }
            fingerprints[event.pointee.fingerprint, default: GroupingActivity()].add(timestamp)
            if let d = event.pointee.domain { domains[d, default: GroupingActivity()].add(timestamp) }
            events.append(event.pointee)
        }
    }

    public var isEmpty: Bool { events.isEmpty }

    /// `stats`, `users`, `fingerprints`, `domains`.
    public func writeMembers(to out: inout JSONOutput, withOrganizations: Bool) {
        out.key("stats")
        out.object { out in summary.writeMembers(to: &out, withOrganizations: withOrganizations) }
        out.key("users")
        GroupingActivity.writeSubList(users, idName: "user_id", to: &out)
        out.key("fingerprints")
        GroupingActivity.writeSubList(fingerprints, idName: "fingerprint", to: &out)
        out.key("domains")
        GroupingActivity.writeSubList(domains, idName: "domain", to: &out)
    }
}

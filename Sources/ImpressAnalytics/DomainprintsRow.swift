import ImpressJSON
import ImpressModel

/// One `/domainprints` row (API.md §4): one cross-domain identifier in the window.
public struct DomainprintsRow: Sendable {
    public let domainprint: String
    public private(set) var activity = GroupingActivity()
    public private(set) var users = GroupingSet()
    public private(set) var fingerprints = GroupingSet()
    public private(set) var domains = GroupingSet()
    public private(set) var organizations = GroupingSet()

    public init(domainprint: String) { self.domainprint = domainprint }

    /// Adds an event, read in place with its keys (see `forEachInPlace`).
    public mutating func add(_ event: UnsafePointer<Event>, keys: Event.Keys) {
        activity.add(event.pointee.timestamp)
        if keys.user != Event.Keys.absent { users.insert(keys.user, event.pointee.userId ?? "") }
        fingerprints.insert(keys.fingerprint, event.pointee.fingerprint)
        if keys.domain != Event.Keys.absent { domains.insert(keys.domain, event.pointee.domain ?? "") }
        organizations.insert(keys.organization, event.pointee.organizationId)
    }

    /// Seen on two or more domains.
    public var isCrossDomain: Bool { domains.count >= 2 }

    /// The row's members; the detail's `stats` are the same without `domainprint`.
    public func writeMembers(to out: inout JSONOutput, withOrganizations: Bool) {
        out.member("event_count", activity.eventCount)
        out.member("user_count", users.count)
        out.member("fingerprint_count", fingerprints.count)
        out.member("domains", strings: domains.sorted)
        out.member("domain_count", domains.count)
        out.member("first_seen", activity.firstSeen)
        out.member("last_seen", activity.lastSeen)
        out.member("cross_domain", isCrossDomain)
        if withOrganizations {
            out.member("organizations", strings: organizations.sorted)
        }
    }

    public func write(to out: inout JSONOutput, withOrganizations: Bool) {
        out.object { out in
            out.member("domainprint", domainprint)
            writeMembers(to: &out, withOrganizations: withOrganizations)
        }
    }
}

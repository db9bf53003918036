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
        out.key("event_count")
        out.int(activity.eventCount)
        out.key("user_count")
        out.int(users.count)
        out.key("fingerprint_count")
        out.int(fingerprints.count)
        out.key("domains")
        out.strings(domains.sorted)
        out.key("domain_count")
        out.int(domains.count)
        out.key("first_seen")
        out.int(activity.firstSeen)
        out.key("last_seen")
        out.int(activity.lastSeen)
        out.key("cross_domain")
        out.bool(isCrossDomain)
        if withOrganizations {
            out.key("organizations")
            out.strings(organizations.sorted)
        }
    }

    public func write(to out: inout JSONOutput, withOrganizations: Bool) {
        out.object { out in
            out.key("domainprint")
            out.string(domainprint)
            writeMembers(to: &out, withOrganizations: withOrganizations)
        }
    }
}

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
    public func members(withOrganizations: Bool) -> [(key: String, value: JSONValue)] {
        var members: [(key: String, value: JSONValue)] = [
            ("event_count", .int(activity.eventCount)),
            ("user_count", .int(users.count)),
            ("fingerprint_count", .int(fingerprints.count)),
            ("domains", domains.sortedJSON),
            ("domain_count", .int(domains.count)),
            ("first_seen", .int(activity.firstSeen)),
            ("last_seen", .int(activity.lastSeen)),
            ("cross_domain", .bool(isCrossDomain)),
        ]
        if withOrganizations { members.append(("organizations", organizations.sortedJSON)) }
        return members
    }

    public func json(withOrganizations: Bool) -> JSONValue {
        .object([("domainprint", .string(domainprint))] + members(withOrganizations: withOrganizations))
    }
}

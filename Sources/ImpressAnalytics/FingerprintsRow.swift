import ImpressJSON
import ImpressModel

/// One `/fingerprints` row (API.md §4): one device/browser fingerprint in the window.
public struct FingerprintsRow: Sendable {
    /// How many user ids a row lists (the first ones by code point); `user_count` counts all.
    public static let listedUsers = 10

    public let fingerprint: String
    public private(set) var activity = GroupingActivity()
    public private(set) var risk = GroupingRisk()
    public private(set) var users = GroupingSet()
    public private(set) var domainprints = GroupingSet()
    public private(set) var domains = GroupingSet()
    public private(set) var organizations = GroupingSet()

    public init(fingerprint: String) { self.fingerprint = fingerprint }

    /// Adds an event, read in place with its keys (see `forEachInPlace`).
    public mutating func add(_ event: UnsafePointer<Event>, keys: Event.Keys) {
        activity.add(event.pointee.timestamp)
        risk.add(event)
        if keys.user != Event.Keys.absent { users.insert(keys.user, event.pointee.userId ?? "") }
        if keys.domainprint != Event.Keys.absent { domainprints.insert(keys.domainprint, event.pointee.domainprint ?? "") }
        if keys.domain != Event.Keys.absent { domains.insert(keys.domain, event.pointee.domain ?? "") }
        organizations.insert(keys.organization, event.pointee.organizationId)
    }

    /// Seen with two or more users: the device is shared or its fingerprint collides.
    public var isCollision: Bool { users.count >= 2 }

    public func json(withOrganizations: Bool) -> JSONValue {
        let firstUsers = users.sorted.prefix(Self.listedUsers)
        var members: [(key: String, value: JSONValue)] = [
            ("fingerprint", .string(fingerprint)),
            ("event_count", .int(activity.eventCount)),
            ("user_count", .int(users.count)),
            ("users", .strings(firstUsers)),
            ("domainprint_count", .int(domainprints.count)),
            ("domain_count", .int(domains.count)),
            ("first_seen", .int(activity.firstSeen)),
            ("last_seen", .int(activity.lastSeen)),
            ("max_risk_score", risk.maxJSON),
            ("collision", .bool(isCollision)),
        ]
        if withOrganizations { members.append(("organizations", organizations.sortedJSON)) }
        return .object(members)
    }
}

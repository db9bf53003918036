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

    public func write(to out: inout JSONOutput, withOrganizations: Bool) {
        out.object { out in
            out.member("fingerprint", fingerprint)
            out.member("event_count", activity.eventCount)
            out.member("user_count", users.count)
            out.member("users", strings: users.sorted.prefix(Self.listedUsers))
            out.member("domainprint_count", domainprints.count)
            out.member("domain_count", domains.count)
            out.member("first_seen", activity.firstSeen)
            out.member("last_seen", activity.lastSeen)
            risk.writeMax(to: &out)
            out.member("collision", isCollision)
            if withOrganizations {
                out.member("organizations", strings: organizations.sorted)
            }
        }
    }
}

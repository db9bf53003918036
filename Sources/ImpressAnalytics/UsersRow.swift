import ImpressJSON
import ImpressModel

/// One `/users` row (API.md §4): everything the window says about one `user_id`.
public struct UsersRow: Sendable {
    public let userId: String
    public private(set) var activity = GroupingActivity()
    public private(set) var risk = GroupingRisk()
    public private(set) var signals = GroupingSignals()
    public private(set) var fingerprints = GroupingSet()
    public private(set) var domainprints = GroupingSet()
    public private(set) var domains = GroupingSet()
    public private(set) var countries = GroupingSet()
    /// The organizations the user was seen in (rows group by id across organizations).
    public private(set) var organizations = GroupingSet()

    public init(userId: String) { self.userId = userId }

    /// Adds an event, read in place with its keys (see `forEachInPlace`): a string field is
    /// read only when its value is new to the row.
    public mutating func add(_ event: UnsafePointer<Event>, keys: Event.Keys) {
        activity.add(event.pointee.timestamp)
        risk.add(event)
        if keys.signals != Event.Keys.absent { signals.add(keys.signals, event.pointee.signals) }
        fingerprints.insert(keys.fingerprint, event.pointee.fingerprint)
        if keys.domainprint != Event.Keys.absent { domainprints.insert(keys.domainprint, event.pointee.domainprint ?? "") }
        if keys.domain != Event.Keys.absent { domains.insert(keys.domain, event.pointee.domain ?? "") }
        if keys.country != Event.Keys.absent { countries.insert(keys.country, event.pointee.country ?? "") }
        organizations.insert(keys.organization, event.pointee.organizationId)
    }

    /// The row as `/users` lists it; `organizations` only for a superadmin's all-orgs view.
    public func write(to out: inout JSONOutput, withOrganizations: Bool) {
        out.object { out in
            out.member("user_id", userId)
            activity.writeMembers(to: &out)
            out.member("fingerprint_count", fingerprints.count)
            out.member("domainprint_count", domainprints.count)
            out.member("domains", strings: domains.sorted)
            out.member("countries", strings: countries.sorted)
            risk.writeMax(to: &out)
            risk.writeAverage(to: &out)
            risk.writeLevel(to: &out)
            out.key("signals")
            signals.write(to: &out)
            if withOrganizations {
                out.member("organizations", strings: organizations.sorted)
            }
        }
    }
}

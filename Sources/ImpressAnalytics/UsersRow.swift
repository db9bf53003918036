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

    /// Adds an event, read in place (see `forEachInPlace`).
    public mutating func add(_ event: UnsafePointer<Event>) {
        activity.add(event.pointee.timestamp)
        risk.add(score: event.pointee.riskScore, text: event.pointee.riskScoreText)
        signals.add(event.pointee.signals)
        fingerprints.insert(event.pointee.fingerprint)
        if let d = event.pointee.domainprint { domainprints.insert(d) }
        if let d = event.pointee.domain { domains.insert(d) }
        if let c = event.pointee.country { countries.insert(c) }
        organizations.insert(event.pointee.organizationId)
    }

    /// The row as `/users` lists it; `organizations` only for a superadmin's all-orgs view.
    public func json(withOrganizations: Bool) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("user_id", .string(userId))]
        members += activity.members
        members += [
            ("fingerprint_count", .int(fingerprints.count)),
            ("domainprint_count", .int(domainprints.count)),
            ("domains", domains.sortedJSON),
            ("countries", countries.sortedJSON),
            ("max_risk_score", risk.maxJSON),
            ("avg_risk_score", risk.averageJSON),
            ("risk_level", risk.levelJSON),
            ("signals", signals.json),
        ]
        if withOrganizations { members.append(("organizations", organizations.sortedJSON)) }
        return .object(members)
    }
}

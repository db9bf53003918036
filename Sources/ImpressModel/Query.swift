/// An inclusive time window in epoch milliseconds (API.md §3).
public struct TimeWindow: Sendable, Equatable {
    public var from: Int64
    public var to: Int64
    public init(from: Int64, to: Int64) {
        self.from = from
        self.to = to
    }
    public func contains(_ t: Int64) -> Bool { t >= from && t <= to }
}

/// Whose data a request may read (API.md §2.3): one organization, or all of them for a
/// superadmin with no organization selected.
public enum TenantScope: Sendable, Equatable {
    case organization(String)
    case allOrganizations

    public var organizationId: String? {
        if case .organization(let o) = self { return o }
        return nil
    }

    public func admits(_ event: Event) -> Bool {
        switch self {
        case .organization(let o): return event.organizationId == o
        case .allOrganizations: return true
        }
    }
}

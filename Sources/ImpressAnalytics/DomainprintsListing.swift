import ImpressModel

/// The `/domainprints` aggregation (API.md §4): one row per domainprint in the window.
public struct DomainprintsListing: Sendable {
    public enum Sort: String, Sendable, CaseIterable {
        case lastSeen = "last_seen"
        case eventCount = "event_count"
        case domainCount = "domain_count"
    }

    private var rowsById: [String: DomainprintsRow] = [:]

    public init() {}

    public mutating func add(_ events: [Event]) {
        events.forEachInPlace { event in
            guard let dp = event.pointee.domainprint else { return }
            rowsById[dp, default: DomainprintsRow(domainprint: dp)].add(event)
        }
    }

    /// Cross-domain rows among all rows of the window, before any filter.
    public var crossDomainCount: Int { rowsById.values.reduce(0) { $0 + ($1.isCrossDomain ? 1 : 0) } }

    public func rows(sort: Sort, crossDomainOnly: Bool) -> [DomainprintsRow] {
        let kept = crossDomainOnly ? rowsById.values.filter(\.isCrossDomain) : Array(rowsById.values)
        switch sort {
        case .lastSeen: return GroupingOrder.descending(kept, key: { $0.activity.lastSeen }, id: \.domainprint)
        case .eventCount: return GroupingOrder.descending(kept, key: { $0.activity.eventCount }, id: \.domainprint)
        case .domainCount: return GroupingOrder.descending(kept, key: { $0.domains.count }, id: \.domainprint)
        }
    }
}

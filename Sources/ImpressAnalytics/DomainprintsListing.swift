import ImpressModel

/// The `/domainprints` aggregation (API.md §4): one row per domainprint in the window.
public struct DomainprintsListing: Sendable {
    public enum Sort: String, Sendable, CaseIterable {
        case lastSeen = "last_seen"
        case eventCount = "event_count"
        case domainCount = "domain_count"
    }

    private var rowsByDomainprint = GroupingRows<DomainprintsRow>()
    private var keyTable = Event.KeyTable()

    public init() {}

    public mutating func add(_ events: [Event]) {
        events.forEachInPlace(keyedBy: &keyTable) { event, keys in
            guard keys.domainprint != Event.Keys.absent else { return }
            rowsByDomainprint.update(keys.domainprint, make: { DomainprintsRow(domainprint: event.pointee.domainprint ?? "") }) {
                $0.add(event, keys: keys)
            }
        }
    }

    /// Cross-domain rows among all rows of the window, before any filter.
    public var crossDomainCount: Int { rowsByDomainprint.rows.reduce(0) { $0 + ($1.isCrossDomain ? 1 : 0) } }

    public func rows(sort: Sort, crossDomainOnly: Bool) -> [DomainprintsRow] {
        let kept = crossDomainOnly ? rowsByDomainprint.rows.filter(\.isCrossDomain) : rowsByDomainprint.rows
        switch sort {
        case .lastSeen: return GroupingOrder.descending(kept, key: { $0.activity.lastSeen }, id: \.domainprint)
        case .eventCount: return GroupingOrder.descending(kept, key: { $0.activity.eventCount }, id: \.domainprint)
        case .domainCount: return GroupingOrder.descending(kept, key: { $0.domains.count }, id: \.domainprint)
        }
    }
}

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
            let make = { DomainprintsRow(domainprint: event.pointee.domainprint ?? "") }
            rowsByDomainprint.update(keys.domainprint, make: make) { $0.add(event, keys: keys) }
        }
    }

    /// Cross-domain rows among all rows of the window, before any filter.
    public var crossDomainCount: Int { rowsByDomainprint.rows.reduce(0) { $0 + ($1.isCrossDomain ? 1 : 0) } }

    /// The rows in the requested order; ties by domainprint.
    public func ranked(sort: Sort, crossDomainOnly: Bool) -> GroupingRanking<DomainprintsRow> {
        let keep = { (row: UnsafePointer<DomainprintsRow>) in !crossDomainOnly || row.pointee.isCrossDomain }
        let rows = rowsByDomainprint.rows
        let id = { (row: UnsafePointer<DomainprintsRow>) in row.pointee.domainprint }
        switch sort {
        case .lastSeen:
            return GroupingOrder.descending(rows, where: keep, key: { $0.pointee.activity.lastSeen }, id: id)
        case .eventCount:
            return GroupingOrder.descending(rows, where: keep, key: { $0.pointee.activity.eventCount }, id: id)
        case .domainCount:
            return GroupingOrder.descending(rows, where: keep, key: { $0.pointee.domains.count }, id: id)
        }
    }

    /// Every row of `ranked`, in order.
    public func rows(sort: Sort, crossDomainOnly: Bool) -> [DomainprintsRow] {
        ranked(sort: sort, crossDomainOnly: crossDomainOnly).all
    }
}

import ImpressModel

/// The `/fingerprints` aggregation (API.md §4): one row per fingerprint in the window.
public struct FingerprintsListing: Sendable {
    public enum Sort: String, Sendable, CaseIterable {
        case lastSeen = "last_seen"
        case eventCount = "event_count"
        case userCount = "user_count"
    }

    private var rowsById: [String: FingerprintsRow] = [:]

    public init() {}

    public mutating func add(_ events: [Event]) {
        events.forEachInPlace { event in
            let fingerprint = event.pointee.fingerprint
            rowsById[fingerprint, default: FingerprintsRow(fingerprint: fingerprint)].add(event)
        }
    }

    /// Collisions among all rows of the window, before any filter.
    public var collisionCount: Int { rowsById.values.reduce(0) { $0 + ($1.isCollision ? 1 : 0) } }

    public func rows(sort: Sort, collisionsOnly: Bool) -> [FingerprintsRow] {
        let kept = collisionsOnly ? rowsById.values.filter(\.isCollision) : Array(rowsById.values)
        switch sort {
        case .lastSeen: return GroupingOrder.descending(kept, key: { $0.activity.lastSeen }, id: \.fingerprint)
        case .eventCount: return GroupingOrder.descending(kept, key: { $0.activity.eventCount }, id: \.fingerprint)
        case .userCount: return GroupingOrder.descending(kept, key: { $0.users.count }, id: \.fingerprint)
        }
    }
}

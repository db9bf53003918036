import ImpressModel

/// The `/fingerprints` aggregation (API.md §4): one row per fingerprint in the window.
public struct FingerprintsListing: Sendable {
    public enum Sort: String, Sendable, CaseIterable {
        case lastSeen = "last_seen"
        case eventCount = "event_count"
        case userCount = "user_count"
    }

    private var rowsByFingerprint = GroupingRows<FingerprintsRow>()
    private var keyTable = Event.KeyTable()

    public init() {}

    public mutating func add(_ events: [Event]) {
        events.forEachInPlace(keyedBy: &keyTable) { event, keys in
            let make = { FingerprintsRow(fingerprint: event.pointee.fingerprint) }
            rowsByFingerprint.update(keys.fingerprint, make: make) { $0.add(event, keys: keys) }
        }
    }

    /// Collisions among all rows of the window, before any filter.
    public var collisionCount: Int { rowsByFingerprint.rows.reduce(0) { $0 + ($1.isCollision ? 1 : 0) } }

    /// The rows in the requested order; ties by fingerprint.
    public func ranked(sort: Sort, collisionsOnly: Bool) -> GroupingRanking<FingerprintsRow> {
        let keep = { (row: UnsafePointer<FingerprintsRow>) in !collisionsOnly || row.pointee.isCollision }
        let rows = rowsByFingerprint.rows
        let id = { (row: UnsafePointer<FingerprintsRow>) in row.pointee.fingerprint }
        switch sort {
        case .lastSeen:
            return GroupingOrder.descending(rows, where: keep, key: { $0.pointee.activity.lastSeen }, id: id)
        case .eventCount:
            return GroupingOrder.descending(rows, where: keep, key: { $0.pointee.activity.eventCount }, id: id)
        case .userCount:
            return GroupingOrder.descending(rows, where: keep, key: { $0.pointee.users.count }, id: id)
        }
    }

    /// Every row of `ranked`, in order.
    public func rows(sort: Sort, collisionsOnly: Bool) -> [FingerprintsRow] {
        ranked(sort: sort, collisionsOnly: collisionsOnly).all
    }
}

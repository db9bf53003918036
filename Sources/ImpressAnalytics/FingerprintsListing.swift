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
            rowsByFingerprint.update(keys.fingerprint, make: { FingerprintsRow(fingerprint: event.pointee.fingerprint) }) {
                $0.add(event, keys: keys)
            }
        }
    }

    /// Collisions among all rows of the window, before any filter.
    public var collisionCount: Int { rowsByFingerprint.rows.reduce(0) { $0 + ($1.isCollision ? 1 : 0) } }

    public func rows(sort: Sort, collisionsOnly: Bool) -> [FingerprintsRow] {
        let kept = collisionsOnly ? rowsByFingerprint.rows.filter(\.isCollision) : rowsByFingerprint.rows
        switch sort {
        case .lastSeen: return GroupingOrder.descending(kept, key: { $0.activity.lastSeen }, id: \.fingerprint)
        case .eventCount: return GroupingOrder.descending(kept, key: { $0.activity.eventCount }, id: \.fingerprint)
        case .userCount: return GroupingOrder.descending(kept, key: { $0.users.count }, id: \.fingerprint)
        }
    }
}

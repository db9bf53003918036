import ImpressModel

/// The `/users` aggregation (API.md §4): one row per `user_id`, plus the anonymous events.
/// Memory grows with distinct users, not events.
public struct UsersListing: Sendable {
    public enum Sort: String, Sendable, CaseIterable {
        case lastSeen = "last_seen"
        case eventCount = "event_count"
        case risk
    }

    private var rowsByUser = GroupingRows<UsersRow>()
    private var keyTable = Event.KeyTable()
    /// Events without a `user_id`.
    public private(set) var anonymousEvents = 0

    public init() {}

    public mutating func add(_ events: [Event]) {
        events.forEachInPlace(keyedBy: &keyTable) { event, keys in
            guard keys.user != Event.Keys.absent else {
                anonymousEvents &+= 1
                return
            }
            rowsByUser.update(keys.user, make: { UsersRow(userId: event.pointee.userId ?? "") }) {
                $0.add(event, keys: keys)
            }
        }
    }

    /// The rows kept by the filters (`risk_level` of the max, case-sensitive `user_id`
    /// prefix), in the requested order; ties by `user_id`.
    public func ranked(sort: Sort, riskLevel: RiskLevel?, userIdPrefix: String?) -> GroupingRanking<UsersRow> {
        let prefix = userIdPrefix.flatMap { $0.isEmpty ? nil : Array($0.utf8) }
        let keep = { (row: UnsafePointer<UsersRow>) -> Bool in
            if let level = riskLevel, row.pointee.risk.level != level { return false }
            if let prefix, !row.pointee.userId.utf8.starts(with: prefix) { return false }
            return true
        }
        let rows = rowsByUser.rows
        let id = { (row: UnsafePointer<UsersRow>) in row.pointee.userId }
        switch sort {
        case .lastSeen:
            return GroupingOrder.descending(rows, where: keep, key: { $0.pointee.activity.lastSeen }, id: id)
        case .eventCount:
            return GroupingOrder.descending(rows, where: keep, key: { $0.pointee.activity.eventCount }, id: id)
        case .risk:
            return GroupingOrder.descending(rows, where: keep, key: { $0.pointee.risk.maxScore }, id: id)
        }
    }

    /// Every row of `ranked`, in order.
    public func rows(sort: Sort, riskLevel: RiskLevel?, userIdPrefix: String?) -> [UsersRow] {
        ranked(sort: sort, riskLevel: riskLevel, userIdPrefix: userIdPrefix).all
    }
}

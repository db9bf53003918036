import ImpressAnalytics
import ImpressJSON
import ImpressModel

/// The `events` of a detail response and its `next_cursor` (API.md §3): newest first, ties by
/// `SK` descending then fingerprint, one page of them.
enum DetailEvents {
    static func members(_ events: [Event], page request: PageRequest) -> [(key: String, value: JSONValue)] {
        let ordered = events.sorted(by: GroupingOrder.newestFirst)
        let page = request.page(total: ordered.count)
        return [
            ("events", .array(ordered[page.range].map(\.responseJSON))),
            ("next_cursor", .optional(page.nextCursor)),
        ]
    }

    /// A superadmin's all-orgs detail also says which organizations its events came from.
    static func organizations(_ ids: GroupingSet, in outcome: ReadOutcome) -> [(key: String, value: JSONValue)] {
        outcome.isAllOrganizations ? [("organizations", ids.sortedJSON)] : []
    }
}

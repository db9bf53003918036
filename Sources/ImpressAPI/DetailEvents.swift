import ImpressAnalytics
import ImpressJSON
import ImpressModel

/// The `events` of a detail response and its `next_cursor` (API.md §3): newest first, ties by
/// `SK` descending then fingerprint, one page of them.
enum DetailEvents {
    static func write(_ events: [Event], page request: PageRequest, to out: inout JSONOutput) {
        let ordered = events.sorted(by: GroupingOrder.newestFirst)
        let page = request.page(total: ordered.count)
        out.key("events")
        out.array { out in for event in ordered[page.range] { out.value(event.responseJSON) } }
        out.member("next_cursor", page.nextCursor)
    }

    /// A superadmin's all-orgs detail also says which organizations its events came from.
    static func writeOrganizations(_ ids: GroupingSet, in outcome: ReadOutcome, to out: inout JSONOutput) {
        guard outcome.isAllOrganizations else { return }
        out.member("organizations", strings: ids.sorted)
    }
}

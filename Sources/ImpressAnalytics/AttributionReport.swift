import ImpressJSON

/// The `/attribution` body (API.md §4): `rows` are the whole sorted `items` list, for the
/// API layer to page; `writeSummaryMembers` writes `totals` and `by_source`.
public struct AttributionReport: Sendable {
    /// Conversions desc, touches desc, then (source, medium, campaign) by code point; the
    /// direct row only when it has conversions.
    public var rows: [AttributionRow]
    /// Distinct touching visitors; every conversion, the direct ones included.
    public var totals: AttributionCounts
    /// One row per source, in the rows' order.
    public var bySource: [AttributionSourceRow]

    public func writeSummaryMembers(to out: inout JSONOutput) {
        out.key("totals")
        out.object { out in totals.writeMembers(to: &out) }
        out.key("by_source")
        out.array { out in for source in bySource { source.write(to: &out) } }
    }
}

/// The counts of a row, a source or the totals.
public struct AttributionCounts: Sendable {
    public var touches: Int
    /// Distinct visitors with a touch.
    public var visitors: Int
    public var conversions: Int
    /// Exact sum of the conversions' `revenue` (DecimalEncoder rule); 0 when none.
    var revenue: DecimalSum

    /// conversions ÷ visitors, 0 when there are no visitors.
    public var conversionRate: Double { visitors > 0 ? Double(conversions) / Double(visitors) : 0 }

    /// Adds what sums (touches, conversions, revenue); visitors are distinct and counted apart.
    mutating func addSummable(_ other: AttributionCounts) {
        touches += other.touches
        conversions += other.conversions
        revenue.add(other.revenue)
    }

    /// Conversions desc, then touches desc; nil when both tie (the caller breaks it by name).
    func ranksBefore(_ other: AttributionCounts) -> Bool? {
        if conversions != other.conversions { return conversions > other.conversions }
        if touches != other.touches { return touches > other.touches }
        return nil
    }

    public func writeMembers(to out: inout JSONOutput) {
        out.member("touches", touches)
        out.member("visitors", visitors)
        out.member("conversions", conversions)
        out.key("revenue")
        revenue.write(to: &out)
        out.key("conversion_rate")
        out.rounded2(conversionRate)
    }
}

/// One campaign row of `items`.
public struct AttributionRow: Sendable {
    public var key: CampaignKey
    public var counts: AttributionCounts

    public func write(to out: inout JSONOutput) {
        out.object { out in
            out.member("source", key.source)
            out.member("medium", key.medium)
            out.member("campaign", key.campaign)
            counts.writeMembers(to: &out)
        }
    }
}

/// One row of `by_source`.
public struct AttributionSourceRow: Sendable {
    public var source: String
    public var counts: AttributionCounts

    public func write(to out: inout JSONOutput) {
        out.object { out in
            out.member("source", source)
            counts.writeMembers(to: &out)
        }
    }
}

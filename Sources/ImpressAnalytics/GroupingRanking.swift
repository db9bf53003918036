/// A listing's rows in the requested order, as positions into its rows: ranking and paging
/// copy no row but those of the page (a row holds several sets, and copying one costs a
/// reference count on each, most of them cache misses).
public struct GroupingRanking<Row: Sendable>: Sendable {
    let rows: [Row]
    /// The positions in `rows` of the kept rows, best first.
    let order: [Int]

    /// The kept rows.
    public var count: Int { order.count }

    /// The rows ranked `ranks` (a page), best first.
    public func rows(_ ranks: Range<Int>) -> [Row] { order[ranks].map { rows[$0] } }

    /// Every kept row, best first.
    public var all: [Row] { rows(order.indices) }
}

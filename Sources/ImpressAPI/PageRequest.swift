import ImpressModel

/// Which rows of a sorted list one response carries (API.md §3 "Lists").
public struct PageRequest: Sendable, Equatable {
    public var window: TimeWindow
    public var offset: Int
    public var limit: Int
    public var binding: String

    /// The page of a list of `total` rows: its range and the cursor of the next page, `null`
    /// on the last one.
    public func page(total: Int) -> Page {
        let start = min(offset, total)
        let end = min(start + limit, total)
        let next = end < total
            ? PageCursor(offset: end, window: window, binding: PageCursor.fingerprint(of: binding)).encoded : nil
        return Page(range: start..<end, total: total, nextCursor: next)
    }
}

public struct Page: Sendable, Equatable {
    public var range: Range<Int>
    public var total: Int
    public var nextCursor: String?
}

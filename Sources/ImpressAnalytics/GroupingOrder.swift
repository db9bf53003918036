import ImpressModel

/// The orderings of API.md §3, shared by the list and detail analytics.
public enum GroupingOrder {
    /// Rows by a key, descending, `nil` last whatever the direction, ties by id ascending
    /// (code point) so pages are stable. Sorts positions, not rows: a row holds several sets,
    /// and moving it costs reference counts on each.
    public static func descending<Row, Key: Comparable>(
        _ rows: [Row], key: (Row) -> Key?, id: (Row) -> String
    ) -> [Row] {
        let keys = rows.map(key)
        let ids = rows.map(id)
        let order = rows.indices.sorted { a, b in
            switch (keys[a], keys[b]) {
            case let (ka?, kb?) where ka != kb: return ka > kb
            case (.some, nil): return true
            case (nil, .some): return false
            default: return ids[a].precedesByCodePoint(ids[b])
            }
        }
        return order.map { rows[$0] }
    }

    /// Events newest first, ties by `SK` descending, then by fingerprint ascending.
    public static func newestFirst(_ a: Event, _ b: Event) -> Bool {
        if a.timestamp != b.timestamp { return a.timestamp > b.timestamp }
        if a.sortKey != b.sortKey { return b.sortKey.precedesByCodePoint(a.sortKey) }
        return a.fingerprint.precedesByCodePoint(b.fingerprint)
    }
}

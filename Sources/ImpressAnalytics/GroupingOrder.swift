import ImpressModel

/// The orderings of API.md §3, shared by the list and detail analytics.
public enum GroupingOrder {
    /// Rows by a key, descending, `nil` last whatever the direction, ties by id ascending
    /// (code point) so pages are stable.
    public static func descending<Row, Key: Comparable>(
        _ rows: [Row], key: (Row) -> Key?, id: (Row) -> String
    ) -> [Row] {
        rows.sorted { a, b in
            switch (key(a), key(b)) {
            case let (ka?, kb?) where ka != kb: return ka > kb
            case (.some, nil): return true
            case (nil, .some): return false
            default: return id(a).precedesByCodePoint(id(b))
            }
        }
    }

    /// Events newest first, ties by `SK` descending, then by fingerprint ascending.
    public static func newestFirst(_ a: Event, _ b: Event) -> Bool {
        if a.timestamp != b.timestamp { return a.timestamp > b.timestamp }
        if a.sortKey != b.sortKey { return b.sortKey.precedesByCodePoint(a.sortKey) }
        return a.fingerprint.precedesByCodePoint(b.fingerprint)
    }
}

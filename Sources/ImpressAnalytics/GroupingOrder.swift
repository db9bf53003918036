import ImpressModel

/// The orderings of API.md §3, shared by the list and detail analytics.
public enum GroupingOrder {
    /// The rows `keep` admits, ranked by a key, descending, `nil` last whatever the direction,
    /// ties by id ascending (code point) so pages are stable. Ranks positions and reads rows
    /// where they lie, through their addresses: copying a row, as passing one to a closure
    /// does, costs a reference count on each of its sets.
    public static func descending<Row, Key: Comparable>(
        _ rows: [Row], where keep: (UnsafePointer<Row>) -> Bool, key: (UnsafePointer<Row>) -> Key?,
        id: (UnsafePointer<Row>) -> String
    ) -> GroupingRanking<Row> {
        let order = rows.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return [Int]() }
            let kept = buffer.indices.filter { keep(base + $0) }
            var keys = [Key?](repeating: nil, count: buffer.count)
            var ids = [String](repeating: "", count: buffer.count)
            for position in kept {
                keys[position] = key(base + position)
                ids[position] = id(base + position)
            }
            return kept.sorted { a, b in
                switch (keys[a], keys[b]) {
                case let (ka?, kb?) where ka != kb: return ka > kb
                case (.some, nil): return true
                case (nil, .some): return false
                default: return ids[a].precedesByCodePoint(ids[b])
                }
            }
        }
        return GroupingRanking(rows: rows, order: order)
    }

    /// Events newest first, ties by `SK` descending, then by fingerprint ascending.
    public static func newestFirst(_ a: Event, _ b: Event) -> Bool {
        if a.timestamp != b.timestamp { return a.timestamp > b.timestamp }
        if a.sortKey != b.sortKey { return b.sortKey.precedesByCodePoint(a.sortKey) }
        return a.fingerprint.precedesByCodePoint(b.fingerprint)
    }
}

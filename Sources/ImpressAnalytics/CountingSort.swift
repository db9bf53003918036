/// Grouping by a dense id (a user's local id) in one pass: the accumulators keep their per-event
/// records in arrival order and group them once at the end, instead of hashing per event.
enum CountingSort {
    /// `elements` grouped by `group` ascending, each group's in their order in `elements` (the
    /// sort is stable); `counts[g]` must be the number of elements in group `g`.
    static func grouped<Element>(_ elements: [Element], counts: [Int], by group: (Element) -> Int) -> [Element] {
        var next = [Int](repeating: 0, count: counts.count)
        var offset = 0
        for (g, count) in counts.enumerated() {
            next[g] = offset
            offset += count
        }
        // Every slot is overwritten exactly once (the counts are the elements'): the copy only
        // sizes the result.
        var grouped = elements
        for element in elements {
            let g = group(element)
            grouped[next[g]] = element
            next[g] += 1
        }
        return grouped
    }
}

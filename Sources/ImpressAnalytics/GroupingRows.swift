import ImpressModel

/// A listing's rows, found by the interned id of their group (`Event.Keys`): an array lookup
/// per event instead of hashing the group's string.
struct GroupingRows<Row: Sendable>: Sendable {
    private(set) var rows: [Row] = []
    /// Row index by key; -1 where the key has no row yet.
    private var slots: [Int32] = []

    /// Runs `body` on the row of `key` (not `absent`), made by `make` on the key's first event.
    mutating func update(_ key: Int32, make: () -> Row, _ body: (inout Row) -> Void) {
        let slot = Int(key)
        if slot >= slots.count { slots.append(contentsOf: repeatElement(-1, count: slot + 1 - slots.count)) }
        var index = Int(slots[slot])
        if index < 0 {
            index = rows.count
            rows.append(make())
            slots[slot] = Int32(truncatingIfNeeded: index)
        }
        body(&rows[index])
    }
}

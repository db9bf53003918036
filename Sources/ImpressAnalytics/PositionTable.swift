import ImpressModel

/// Where events stand in time (`EventPosition`: timestamp, then `SK`, then fingerprint) kept as
/// numbers: the `SK` by its tail (`Event.Keys.sortKeyTail`) and the fingerprint by its key,
/// each string copied once. An accumulator that keeps a position per event reads none of the
/// event's strings (each `SK` is its own heap block: touching a million cost more than the
/// route's own work); the table holds what the numbers cannot stand for.
struct PositionTable: Sendable {
    /// 24 bytes; compared and made whole by the table that made it.
    struct Position: Sendable {
        var timestamp: Int64
        var sortKeyTail: UInt64
        /// Local id in `fingerprints`.
        var fingerprint: UInt32
        /// Index in `uncodedSortKeys` when the tail does not stand for the `SK`.
        var uncodedSortKey: UInt32
    }

    private var fingerprints = KeySlots()
    private var uncodedSortKeys: [String] = []

    mutating func position(at event: UnsafePointer<Event>, keys: Event.Keys) -> Position {
        var uncoded = UInt32.max
        if keys.sortKeyTail == Event.Keys.uncodedSortKey {
            // Fewer than 2^32: each is an event in memory.
            uncoded = UInt32(truncatingIfNeeded: uncodedSortKeys.count)
            uncodedSortKeys.append(event.pointee.sortKey)
        }
        return Position(
            timestamp: event.pointee.timestamp, sortKeyTail: keys.sortKeyTail,
            fingerprint: fingerprints.id(keys.fingerprint) { event.pointee.fingerprint }, uncodedSortKey: uncoded)
    }

    /// `EventPosition`'s `<`: the tails decide unless one does not stand for its `SK`.
    func precedes(_ a: Position, _ b: Position) -> Bool {
        if a.timestamp != b.timestamp { return a.timestamp < b.timestamp }
        if a.sortKeyTail != Event.Keys.uncodedSortKey, b.sortKeyTail != Event.Keys.uncodedSortKey {
            if a.sortKeyTail != b.sortKeyTail { return a.sortKeyTail < b.sortKeyTail }
        } else {
            let keyA = sortKey(a)
            let keyB = sortKey(b)
            if !keyA.utf8.elementsEqual(keyB.utf8) { return keyA.precedesByCodePoint(keyB) }
        }
        return fingerprints[a.fingerprint].precedesByCodePoint(fingerprints[b.fingerprint])
    }

    func eventPosition(_ position: Position) -> EventPosition {
        EventPosition(timestamp: position.timestamp, sortKey: sortKey(position), fingerprint: fingerprints[position.fingerprint])
    }

    private func sortKey(_ position: Position) -> String {
        position.sortKeyTail == Event.Keys.uncodedSortKey
            ? uncodedSortKeys[Int(position.uncodedSortKey)]
            : Event.Keys.sortKey(tail: position.sortKeyTail, timestamp: position.timestamp)
    }
}

import ImpressModel

/// Dense local ids for the interned keys (`Event.Keys`) of one field, with each key's string
/// kept once: an accumulator indexes its per-user (per-fingerprint) state by the local id, and
/// finding it is an array load instead of hashing the string. Local ids are handed out in
/// first-seen order, like `StringInterner`'s, so the two are interchangeable for callers. The
/// key space is shared by every field, so one table may also hold several fields' strings.
struct KeySlots: Sendable {
    /// Local id by key; -1 where the key has not been seen.
    private var slots: [Int32] = []
    private(set) var strings: [String] = []

    var count: Int { strings.count }

    /// The local id of `key` (not `absent`); `value` is evaluated only the first time.
    @inline(__always)
    mutating func id(_ key: Int32, _ value: () -> String) -> UInt32 {
        let slot = Int(key)
        if slot < slots.count {
            let known = slots[slot]
            if known >= 0 { return UInt32(truncatingIfNeeded: known) }
        } else {
            // Grow geometrically so a run of new keys costs amortised constant time, and to
            // 256 at once: keys are ids in the store's whole table, so even a small read sees
            // keys in the hundreds; growing from 1 (slots and strings) took ~11k instructions
            // of a 100-event /fraud/stats over its tables.
            let target = Swift.max(slot + 1, slots.count * 2, 256)
            slots.append(contentsOf: repeatElement(-1, count: target - slots.count))
        }
        if strings.isEmpty { strings.reserveCapacity(16) }
        let id = UInt32(truncatingIfNeeded: strings.count)
        slots[slot] = Int32(truncatingIfNeeded: strings.count)
        strings.append(value())
        return id
    }

    subscript(id: UInt32) -> String { strings[Int(id)] }
}

/// A set of interned keys as a bitmap: insertion is a load and a store, no hashing.
struct KeyBitSet: Sendable {
    private var words: [UInt64] = []
    private(set) var count = 0

    /// Inserts `key` (not `absent`); true when it was new.
    @inline(__always)
    @discardableResult
    mutating func insert(_ key: Int32) -> Bool {
        let index = Int(key)
        let word = index >> 6
        if word >= words.count {
            let target = Swift.max(word + 1, words.count * 2)
            words.append(contentsOf: repeatElement(0, count: target - words.count))
        }
        let bit: UInt64 = 1 << UInt64(index & 63)
        if words[word] & bit != 0 { return false }
        words[word] |= bit
        count += 1
        return true
    }
}

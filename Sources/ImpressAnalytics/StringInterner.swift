/// Dense integer ids for the strings an accumulator meets, so per-event sets and pair counts
/// hash a `UInt64` instead of text, and per-id statistics live in flat arrays.
struct StringInterner: Sendable {
    private(set) var strings: [String] = []
    private var ids: [String: UInt32] = [:]

    var count: Int { strings.count }

    /// The id of `text`, assigned on first sight (ids are dense: 0, 1, 2, …).
    mutating func id(_ text: String) -> UInt32 {
        if let id = ids[text] { return id }
        let id = UInt32(truncatingIfNeeded: strings.count)
        ids[text] = id
        strings.append(text)
        return id
    }

    subscript(id: UInt32) -> String { strings[Int(id)] }
}

/// Two 32-bit ids packed into one hashable key (`first` in the high half, so keys sorted as
/// integers group by `first`).
enum PairKey {
    @inline(__always)
    static func make(_ first: UInt32, _ second: UInt32) -> UInt64 { UInt64(first) << 32 | UInt64(second) }

    @inline(__always)
    static func first(_ key: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: key >> 32) }

    @inline(__always)
    static func second(_ key: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: key) }
}

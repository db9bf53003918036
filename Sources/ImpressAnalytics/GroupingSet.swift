import ImpressJSON
import ImpressModel

/// A set of strings shaped for the usual group: a handful of distinct values (a user's
/// countries, a row's organizations), where comparing a few strings is cheaper than hashing
/// one. Past `linearLimit` values it becomes a hash set. Its JSON is the contract's plain
/// string list: ascending by code point.
public struct GroupingSet: Sendable {
    static let linearLimit = 8

    private var few: [String] = []
    private var many: Set<String>?

    public init() {}

    public mutating func insert(_ value: String) {
        if many != nil {
            many?.insert(value)
        } else if !few.contains(value) {
            if few.count < Self.linearLimit {
                few.append(value)
            } else {
                many = Set(few + [value])
                few = []
            }
        }
    }

    public var count: Int { many?.count ?? few.count }

    public func contains(_ value: String) -> Bool { many?.contains(value) ?? few.contains(value) }

    /// The values ascending by code point.
    public var sorted: [String] { (many.map(Array.init) ?? few).sorted { $0.precedesByCodePoint($1) } }

    public var sortedJSON: JSONValue { .strings(sorted) }
}

extension Array where Element == Event {
    /// Calls `body` with the address of each event: reading fields through it loads just those
    /// fields, where a `for … in` loop (or passing the event on) first copies the whole event,
    /// two dozen reference counts, which dominated aggregation over a million events.
    @inlinable
    public func forEachInPlace(_ body: (UnsafePointer<Event>) -> Void) {
        withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for index in 0..<buffer.count { body(base + index) }
        }
    }
}

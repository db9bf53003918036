import ImpressJSON
import ImpressModel

/// A set of strings shaped for the usual group: one or a handful of distinct values (a user's
/// country, a row's organization). The first value lives inline, so the common single-valued
/// set never touches another heap block; a few more are compared in a small array; past
/// `linearLimit` values it becomes a hash set. Its JSON is the contract's plain string list:
/// ascending by code point.
public struct GroupingSet: Sendable {
    static let linearLimit = 8

    private var first: String?
    private var others: [String] = []
    private var many: Set<String>?

    public init() {}

    public mutating func insert(_ value: String) {
        guard let first else {
            self.first = value
            return
        }
        if first == value { return }
        if many != nil {
            many?.insert(value)
        } else if !others.contains(value) {
            if others.count < Self.linearLimit {
                others.append(value)
            } else {
                many = Set(others + [first, value])
                others = []
            }
        }
    }

    public var count: Int { many?.count ?? (first == nil ? 0 : 1 + others.count) }

    /// The values ascending by code point.
    public var sorted: [String] {
        let values = many.map(Array.init) ?? (first.map { [$0] } ?? []) + others
        return values.sorted { $0.precedesByCodePoint($1) }
    }

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

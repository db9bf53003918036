import ImpressJSON
import ImpressModel

/// A set of one field's values in a group (a user's countries, a fingerprint's users), keyed by
/// their interned ids (`Event.Keys`): inserting compares integers, and a value's string is read
/// (one reference count) only when it is new to the set. Shaped for the usual group: the first
/// value lives inline, so the common single-valued set touches no heap block; a few more are
/// compared in a small array; past `linearLimit` values the ids go into a hash set. Its JSON is
/// the contract's plain string list: ascending by code point.
public struct GroupingSet: Sendable {
    static let linearLimit = 8

    private var firstKey = Event.Keys.absent
    private var first: String?
    /// The ids of `others` while there are few; emptied when `manyKeys` takes over.
    private var otherKeys: [Int32] = []
    private var manyKeys: Set<Int32>?
    /// Every value but the first, in insertion order.
    private var others: [String] = []

    public init() {}

    /// Adds the value whose id is `key` (not `absent`); `value` is evaluated only when the key is new.
    public mutating func insert(_ key: Int32, _ value: @autoclosure () -> String) {
        guard first != nil else {
            firstKey = key
            first = value()
            return
        }
        if key == firstKey { return }
        if manyKeys != nil {
            if manyKeys?.insert(key).inserted == true { others.append(value()) }
        } else if !otherKeys.contains(key) {
            if otherKeys.count < Self.linearLimit {
                otherKeys.append(key)
            } else {
                manyKeys = Set(otherKeys + [firstKey, key])
                otherKeys = []
            }
            others.append(value())
        }
    }

    public var count: Int { first == nil ? 0 : 1 + others.count }

    /// The values ascending by code point.
    public var sorted: [String] {
        guard let first else { return [] }
        return ([first] + others).sorted { $0.precedesByCodePoint($1) }
    }
}

extension Array where Element == Event {
    /// Calls `body` with the address of each event and its keys: reading fields through the
    /// address loads just those fields, where a `for … in` loop (or passing the event on) first
    /// copies the whole event, two dozen reference counts, which dominated aggregation over a
    /// million events. Events a store did not intern are keyed by `table`.
    @inlinable
    public func forEachInPlace(_ body: (UnsafePointer<Event>) -> Void) {
        withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for index in 0..<buffer.count { body(base + index) }
        }
    }

    /// The same, with each event's interned keys.
    @inlinable
    public func forEachInPlace(
        keyedBy table: inout Event.KeyTable, _ body: (UnsafePointer<Event>, Event.Keys) -> Void
    ) {
        withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for index in 0..<buffer.count {
                let event = base + index
                body(event, event.pointee.keys ?? table.keys(of: event.pointee))
            }
        }
    }
}

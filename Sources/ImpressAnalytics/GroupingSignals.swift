import ImpressJSON
import ImpressModel

/// `signals` of a group: signal → number of events carrying it (an event counts once per
/// signal even when its list repeats one). Counts events per distinct signal list (by its
/// interned id), a few per group, and expands them into per-signal counts when read.
public struct GroupingSignals: Sendable {
    private var listIndex: [Int32: Int] = [:]
    private var lists: [(signals: [String], events: Int)] = []

    public init() {}

    /// Adds one event's signal list, whose id is `key` (not `absent`); `signals` is evaluated
    /// only when the list is new to the group.
    public mutating func add(_ key: Int32, _ signals: @autoclosure () -> [String]) {
        if let index = listIndex[key] {
            lists[index].events &+= 1
        } else {
            listIndex[key] = lists.count
            lists.append((signals(), 1))
        }
    }

    /// Signal → events carrying it.
    public var counts: [String: Int] {
        var counts: [String: Int] = [:]
        for (signals, events) in lists {
            // A short list (the usual one) is deduplicated by comparison; a long one by
            // hashing, so an odd item with thousands of signals costs linear time, not quadratic.
            if signals.count <= 8 {
                for (index, signal) in signals.enumerated() where !signals[..<index].contains(signal) {
                    counts[signal, default: 0] &+= events
                }
            } else {
                for signal in Set(signals) { counts[signal, default: 0] &+= events }
            }
        }
        return counts
    }

    /// An object with its members sorted by signal name (code point), for stable bytes.
    public func write(to out: inout JSONOutput) {
        let sorted = counts.sorted { $0.key.precedesByCodePoint($1.key) }
        out.object { out in
            for (signal, events) in sorted {
                out.key(escaping: signal)
                out.int(events)
            }
        }
    }
}

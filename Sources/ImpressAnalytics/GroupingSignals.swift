import ImpressJSON
import ImpressModel

/// `signals` of a group: signal → number of events carrying it (an event counts once per
/// signal even when its list repeats one).
public struct GroupingSignals: Sendable, Equatable {
    public private(set) var counts: [String: Int] = [:]

    public init() {}

    /// Adds one event's signals.
    public mutating func add(_ signals: [String]) {
        // A short list (the usual one) is deduplicated by comparison; a long one by hashing,
        // so an odd item with thousands of signals costs linear time, not quadratic.
        if signals.count <= 8 {
            for (index, signal) in signals.enumerated() where !signals[..<index].contains(signal) {
                counts[signal, default: 0] &+= 1
            }
        } else {
            for signal in Set(signals) { counts[signal, default: 0] &+= 1 }
        }
    }

    /// An object with its members sorted by signal name (code point), for stable bytes.
    public var json: JSONValue {
        .object(counts.sorted { $0.key.precedesByCodePoint($1.key) }.map { ($0.key, .int($0.value)) })
    }
}

import ImpressJSON
import ImpressModel

/// How much a group (a user, a fingerprint, a domain, …) was seen: its events and the first
/// and last of their timestamps. Adding is order-independent, so pages may come in any order.
public struct GroupingActivity: Sendable, Equatable {
    public private(set) var eventCount = 0
    public private(set) var firstSeen = Int64.max
    public private(set) var lastSeen = Int64.min

    public init() {}

    public mutating func add(_ timestamp: Int64) {
        eventCount &+= 1
        if timestamp < firstSeen { firstSeen = timestamp }
        if timestamp > lastSeen { lastSeen = timestamp }
    }

    /// `event_count`, `first_seen`, `last_seen`, in the contract's member order.
    public func writeMembers(to out: inout JSONOutput) {
        out.member("event_count", eventCount)
        out.member("first_seen", firstSeen)
        out.member("last_seen", lastSeen)
    }

    /// A detail response's sub-list (API.md §3): `event_count` desc, then id by code point.
    /// Each entry is `{idName: id, event_count, first_seen, last_seen}`.
    public static func writeSubList(
        _ tallies: [String: GroupingActivity], idName: StaticString, to out: inout JSONOutput
    ) {
        let ordered = tallies.sorted { a, b in
            a.value.eventCount != b.value.eventCount
                ? a.value.eventCount > b.value.eventCount : a.key.precedesByCodePoint(b.key)
        }
        out.array { out in
            for (id, activity) in ordered {
                out.object { out in
                    out.key(idName)
                    out.string(id)
                    activity.writeMembers(to: &out)
                }
            }
        }
    }
}

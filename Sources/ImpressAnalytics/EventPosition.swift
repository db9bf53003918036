import ImpressModel

/// Where an event stands in time: its timestamp, then its `SK`, then its fingerprint (the
/// table key `PK`+`SK` is unique, so two distinct events never compare equal). API.md §4 breaks
/// time ties by `SK`; the fingerprint makes the order total, so results never depend on the
/// order pages arrive in.
public struct EventPosition: Sendable, Comparable {
    public var timestamp: Int64
    public var sortKey: String
    public var fingerprint: String

    public init(timestamp: Int64, sortKey: String, fingerprint: String) {
        self.timestamp = timestamp
        self.sortKey = sortKey
        self.fingerprint = fingerprint
    }

    /// `borrowing`: initializers take their arguments owned, which would copy the whole event
    /// (two dozen retains) per call.
    public init(of event: borrowing Event) {
        self.init(timestamp: event.timestamp, sortKey: event.sortKey, fingerprint: event.fingerprint)
    }

    public static func < (a: EventPosition, b: EventPosition) -> Bool {
        if a.timestamp != b.timestamp { return a.timestamp < b.timestamp }
        if !a.sortKey.utf8.elementsEqual(b.sortKey.utf8) { return a.sortKey.precedesByCodePoint(b.sortKey) }
        return a.fingerprint.precedesByCodePoint(b.fingerprint)
    }

    /// Equal by content (`==` of `Equatable` would compare canonical equivalence; the
    /// contract's order is by code point, so equality is byte equality).
    public static func == (a: EventPosition, b: EventPosition) -> Bool {
        a.timestamp == b.timestamp && a.sortKey.utf8.elementsEqual(b.sortKey.utf8)
            && a.fingerprint.utf8.elementsEqual(b.fingerprint.utf8)
    }
}

import ImpressModel

/// What a route feeds page by page while it reads the store: every analytics accumulator takes
/// a window's events in any order and in any page sizes, so one generic read loop serves them
/// all (`finish` differs per route and is called by the route).
public protocol EventAccumulator: Sendable {
    /// The per-event work, reading the event where it lies (see `forEachInPlace`).
    mutating func add(at event: UnsafePointer<Event>)
}

extension EventAccumulator {
    @inlinable
    public mutating func add(contentsOf events: [Event]) {
        events.forEachInPlace { add(at: $0) }
    }

    @inlinable
    public mutating func add(_ event: Event) {
        withUnsafePointer(to: event) { add(at: $0) }
    }
}

/// An accumulator that works on the stores' interned ids (`Event.Keys`): events the store did
/// not intern (DynamoDB's) are keyed by its own table as they arrive.
public protocol KeyedEventAccumulator: EventAccumulator {
    var keyTable: Event.KeyTable { get set }
    mutating func add(at event: UnsafePointer<Event>, keys: Event.Keys)
}

extension KeyedEventAccumulator {
    /// Every event of `events`, keyed by the store's ids where it interned them.
    @inlinable
    public mutating func add(contentsOf events: [Event]) {
        // Moved out while the events are read (the body mutates `self`); a copy would duplicate
        // the table's storage on its first new key.
        var table = Event.KeyTable()
        swap(&table, &keyTable)
        events.forEachInPlace(keyedBy: &table) { event, keys in add(at: event, keys: keys) }
        swap(&table, &keyTable)
    }

    @inlinable
    public mutating func add(at event: UnsafePointer<Event>) {
        let keys = event.pointee.keys ?? keyTable.keys(of: event.pointee)
        add(at: event, keys: keys)
    }
}

extension FraudStatsAccumulator: KeyedEventAccumulator {}
extension IdentityGraphAccumulator: KeyedEventAccumulator {}
extension AttributionAccumulator: KeyedEventAccumulator {}
extension AccountSharingAccumulator: KeyedEventAccumulator {}

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

extension FraudStatsAccumulator: EventAccumulator {}
extension IdentityGraphAccumulator: EventAccumulator {}
extension AttributionAccumulator: EventAccumulator {}
extension AccountSharingAccumulator: EventAccumulator {}

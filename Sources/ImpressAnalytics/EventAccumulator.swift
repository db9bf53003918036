import ImpressModel

/// What a route feeds page by page while it reads the store: every analytics accumulator takes
/// a window's events in any order and in any page sizes, so one generic read loop serves them
/// all (`finish` differs per route and is called by the route).
public protocol EventAccumulator: Sendable {
    mutating func add(contentsOf events: [Event])
    mutating func add(_ event: Event)
}

extension FraudStatsAccumulator: EventAccumulator {}
extension IdentityGraphAccumulator: EventAccumulator {}
extension AttributionAccumulator: EventAccumulator {}
extension AccountSharingAccumulator: EventAccumulator {}

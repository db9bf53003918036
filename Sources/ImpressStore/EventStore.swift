import ImpressModel

/// What a route asks the store for (API.md §4 says which read each route makes).
public enum EventSelection: Sendable, Equatable {
    /// Every event of the scope in the window: `GSI_ORG` query, or a parallel Scan for all orgs.
    case window
    /// One user's events: `GSI_USER` query on the window, then limited to the scope.
    case user(String)
    /// One fingerprint's events: by key, `PK = FP#{fp}` and `SK` between the window's ends,
    /// then limited to the scope.
    case fingerprint(String)
    /// One domainprint's events: the scope's window read with a filter on `domainprint`.
    case domainprint(String)
}

public struct ReadRequest: Sendable, Equatable {
    public var selection: EventSelection
    public var scope: TenantScope
    public var window: TimeWindow
    /// The ceiling on events read (`IMPRESS_MAX_SCAN_EVENTS`).
    public var maxEvents: Int

    public init(selection: EventSelection, scope: TenantScope, window: TimeWindow, maxEvents: Int) {
        self.selection = selection
        self.scope = scope
        self.window = window
        self.maxEvents = maxEvents
    }
}

/// How a read went: `eventsScanned` counts what the store examined, as DynamoDB counts it
/// (`ScannedCount`: for a filtered read, every item the key condition matched, before the
/// filter), so both stores report the same number for the same data; `truncated` is true
/// when `maxEvents` stopped the read before the end.
public struct ReadSummary: Sendable, Equatable {
    public var eventsScanned: Int
    public var truncated: Bool
    public init(eventsScanned: Int, truncated: Bool) {
        self.eventsScanned = eventsScanned
        self.truncated = truncated
    }
}

/// Why a read failed; the API maps each case to its status (502/503/504) in one place.
public enum StoreError: Error, Sendable, Equatable {
    /// Throttled beyond the retry budget, or the service said it is unavailable: 503.
    case unavailable(String)
    /// No answer within the deadline: 504.
    case timeout(String)
    /// The store answered with an error or garbage: 502.
    case upstream(String)
}

public enum StoreHealth: Sendable, Equatable {
    case file(events: Int)
    case dynamodb(latencyMs: Int)
}

/// The one interface the routes read through. Both stores give the same events, counts and
/// truncation for the same data, so one route test suite runs against both.
public protocol EventStore: Sendable {
    /// Streams every matching event to `consume`, page by page. Pages arrive one at a time
    /// (never concurrently) but in no promised order: consumers aggregate order-independently.
    func read(_ request: ReadRequest, consume: ([Event]) -> Void) throws(StoreError) -> ReadSummary

    /// A cheap liveness check (API.md §4 `/health`); throws when the store is not usable.
    func health() throws(StoreError) -> StoreHealth
}

import ImpressModel

/// The embedded store (`IMPRESS_STORE=file:PATH`, API.md §5): the whole table in memory,
/// events sorted by time and indexed like the table's key and GSIs, so every read touches only
/// the events DynamoDB would. Reads give the same events, `eventsScanned` and truncation as the
/// DynamoDB store (see `EventStore`). Immutable after loading, hence `Sendable`.
public final class FileStore: EventStore {
    /// Events per page handed to `consume`.
    public static let pageSize = 1000

    /// All events, by timestamp, then `SK`, then fingerprint (so truncation is deterministic).
    private let events: [Event]
    /// `events[i].timestamp`, kept apart for cache-friendly binary search.
    private let timestamps: [Int64]
    /// Positions in `events`, ascending (so by time), per `GSI_ORG`, `GSI_USER` and table hash key.
    private let byOrganization: [String: [Int]]
    private let byUser: [String: [Int]]
    private let byFingerprint: [String: [Int]]

    /// Loads the file; a malformed line stops the load with its number and reason.
    public convenience init(path: String) throws(FileStoreError) {
        self.init(events: try FileStoreLoader.events(path: path))
    }

    /// Items as the table holds them; an item that is not an event fails with its 1-based index
    /// as the line number.
    public convenience init(items: [Item]) throws(FileStoreError) {
        var events: [Event] = []
        events.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            do {
                events.append(try Event(item: item))
            } catch {
                throw .malformedItem(line: index + 1, reason: error.description)
            }
        }
        self.init(events: events)
    }

    public init(events unordered: [Event]) {
        let sorted = unordered.sorted { a, b in
            if a.timestamp != b.timestamp { return a.timestamp < b.timestamp }
            if a.sortKey != b.sortKey { return a.sortKey.precedesByCodePoint(b.sortKey) }
            return a.fingerprint.precedesByCodePoint(b.fingerprint)
        }
        var byOrganization: [String: [Int]] = [:]
        var byUser: [String: [Int]] = [:]
        var byFingerprint: [String: [Int]] = [:]
        for (position, event) in sorted.enumerated() {
            byOrganization[event.organizationId, default: []].append(position)
            if let user = event.userId { byUser[user, default: []].append(position) }
            byFingerprint[event.fingerprint, default: []].append(position)
        }
        events = sorted
        timestamps = sorted.map(\.timestamp)
        self.byOrganization = byOrganization
        self.byUser = byUser
        self.byFingerprint = byFingerprint
    }

    public var eventCount: Int { events.count }

    public func health() throws(StoreError) -> StoreHealth { .file(events: events.count) }

    public func read(_ request: ReadRequest, consume: ([Event]) -> Void) throws(StoreError) -> ReadSummary {
        let scope = request.scope
        switch request.selection {
        case .window:
            return readScopeWindow(request, keep: nil, consume: consume)
        case .domainprint(let dp):
            // No index on domainprint: the scope's window read, filtered (DynamoDB counts the
            // filtered-out items as scanned).
            return readScopeWindow(request, keep: { $0.domainprint == dp }, consume: consume)
        case .user(let user):
            // GSI_USER query across organizations, then the tenant filter.
            return deliver(
                positions: byUser[user] ?? [], request: request, keep: scope.organizationId.map(Self.organization),
                consume: consume)
        case .fingerprint(let fp):
            // Table key read (`PK = FP#{fp}`), then the tenant filter.
            return deliver(
                positions: byFingerprint[fp] ?? [], request: request, keep: scope.organizationId.map(Self.organization),
                consume: consume)
        }
    }

    private static func organization(_ id: String) -> (Event) -> Bool { { $0.organizationId == id } }

    /// GSI_ORG query for one organization, the whole table (parallel Scan) for all of them.
    private func readScopeWindow(
        _ request: ReadRequest, keep: ((Event) -> Bool)?, consume: ([Event]) -> Void
    ) -> ReadSummary {
        switch request.scope {
        case .organization(let org):
            return deliver(positions: byOrganization[org] ?? [], request: request, keep: keep, consume: consume)
        case .allOrganizations:
            return deliver(positions: 0..<events.count, request: request, keep: keep, consume: consume)
        }
    }

    /// Streams the events at `positions` (ascending) that fall in the window: the first
    /// `maxEvents` of them by time when there are more (truncated), those `keep` admits.
    private func deliver<Positions: RandomAccessCollection>(
        positions: Positions, request: ReadRequest, keep: ((Event) -> Bool)?, consume: ([Event]) -> Void
    ) -> ReadSummary where Positions.Element == Int, Positions.Index == Int {
        let first = lowerBound(request.window.from, in: positions)
        let end = upperBound(request.window.to, in: positions)
        let inWindow = max(0, end - first)
        let ceiling = max(0, request.maxEvents)
        let scanned = min(inWindow, ceiling)
        var page: [Event] = []
        page.reserveCapacity(Self.pageSize)
        for offset in 0..<scanned {
            let event = events[positions[first + offset]]
            if let keep, !keep(event) { continue }
            page.append(event)
            if page.count == Self.pageSize {
                consume(page)
                page.removeAll(keepingCapacity: true)
            }
        }
        if !page.isEmpty { consume(page) }
        return ReadSummary(eventsScanned: scanned, truncated: inWindow > ceiling)
    }

    /// The first index of `positions` whose event is at or after `time`.
    private func lowerBound<Positions: RandomAccessCollection>(_ time: Int64, in positions: Positions) -> Int
    where Positions.Element == Int, Positions.Index == Int {
        partition(positions) { timestamps[$0] < time }
    }

    /// The first index of `positions` whose event is after `time`.
    private func upperBound<Positions: RandomAccessCollection>(_ time: Int64, in positions: Positions) -> Int
    where Positions.Element == Int, Positions.Index == Int {
        partition(positions) { timestamps[$0] <= time }
    }

    /// Binary search for the first index where `before` turns false (it holds on a prefix).
    private func partition<Positions: RandomAccessCollection>(
        _ positions: Positions, before: (Int) -> Bool
    ) -> Int where Positions.Element == Int, Positions.Index == Int {
        var low = positions.startIndex
        var high = positions.endIndex
        while low < high {
            let mid = low + (high - low) / 2
            if before(positions[mid]) { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

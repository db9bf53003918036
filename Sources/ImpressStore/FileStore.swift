import ImpressModel

/// The embedded store (`IMPRESS_STORE=file:PATH`, API.md §5): the whole table in memory,
/// laid out like `GSI_ORG` (by organization, then time) and indexed like `GSI_USER` and the
/// table key, so every read touches only what DynamoDB would, and an organization's window is
/// handed out as stored pages without copying events. Reads give the same events,
/// `eventsScanned` and truncation as the DynamoDB store (see `EventStore`).
/// Immutable after loading, hence `Sendable`.
public final class FileStore: EventStore {
    /// Events per page handed to `consume`.
    public static let pageSize = 1000

    /// All events by organization, then timestamp, `SK`, fingerprint, cut into pages: a
    /// "position" is an index into this order.
    private let pages: [[Event]]
    /// The timestamp at each position, apart for cache-friendly binary search.
    private let timestamps: [Int64]
    /// Each organization's positions (contiguous, by time).
    private let organizations: [String: Range<Int>]
    /// Positions by time: every event (for an all-organizations read that must be cut in time
    /// order), each user's (`GSI_USER`), each fingerprint's (table hash key).
    private let byTime: [Int]
    private let byUser: [String: [Int]]
    private let byFingerprint: [String: [Int]]
    /// Each domainprint's positions, in position order (so by organization, then time).
    private let byDomainprint: [String: [Int]]

    /// Loads the file; a malformed line stops the load with its number and reason.
    public convenience init(path: String) throws(FileStoreError) {
        self.init(pages: try FileStoreLoader.pages(path: path))
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

    public convenience init(events: [Event]) {
        var filler = PageFiller()
        filler.append(contentsOf: events)
        self.init(pages: filler.pages)
    }

    /// Events in any order, in pages of `pageSize`: they are put in the layout's order in place
    /// (a million events are too many to hold twice).
    private init(pages loaded: [[Event]]) {
        var pages = loaded
        Self.permute(&pages, into: Self.layoutOrder(pages))
        var blockStarts: [(organization: String, position: Int)] = []
        var organization: String?
        var timestamps: [Int64] = []
        timestamps.reserveCapacity(pages.count * Self.pageSize)
        // The grouping fields are interned, so aggregations over any read of this store index
        // arrays by id (`Event.Keys`); the indexes are gathered by those ids too, and keyed by
        // string once per distinct value rather than once per event.
        var table = Event.KeyTable()
        var users = PositionsById()
        var fingerprints = PositionsById()
        var domainprints = PositionsById()
        // Fields are read in place: copying an event out would retain and release each field.
        for pageIndex in pages.indices {
            pages[pageIndex].withUnsafeMutableBufferPointer { events in
                for index in events.indices {
                    let position = timestamps.count
                    let keys = table.keys(of: events[index])
                    events[index].keys = keys
                    timestamps.append(events[index].timestamp)
                    // Positions are in organization order: each organization's block is one run.
                    if events[index].organizationId != organization {
                        organization = events[index].organizationId
                        blockStarts.append((events[index].organizationId, position))
                    }
                    users.append(position, at: keys.user)
                    fingerprints.append(position, at: keys.fingerprint)
                    domainprints.append(position, at: keys.domainprint)
                }
            }
        }
        var organizations: [String: Range<Int>] = [:]
        for (index, start) in blockStarts.enumerated() {
            let end = index + 1 < blockStarts.count ? blockStarts[index + 1].position : timestamps.count
            organizations[start.organization] = start.position..<end
        }
        func event(_ position: Int) -> Event { pages[position / Self.pageSize][position % Self.pageSize] }
        let byUser = users.keyed { event($0).userId }
        let byFingerprint = fingerprints.keyed { event($0).fingerprint }
        let byDomainprint = domainprints.keyed { event($0).domainprint }
        // Across organizations, time order is not position order: sort those lists by time.
        let byTimeOrder = { (a: Int, b: Int) in timestamps[a] != timestamps[b] ? timestamps[a] < timestamps[b] : a < b }
        byTime = timestamps.indices.sorted(by: byTimeOrder)
        self.byUser = byUser.mapValues { $0.sorted(by: byTimeOrder) }
        self.byFingerprint = byFingerprint.mapValues { $0.sorted(by: byTimeOrder) }
        self.byDomainprint = byDomainprint
        self.organizations = organizations
        self.timestamps = timestamps
        self.pages = pages
    }

    /// The positions of `pages` in the layout's order: organization, timestamp, `SK`,
    /// fingerprint, then file order. Organizations are ranked first, so most comparisons are
    /// of two integers.
    private static func layoutOrder(_ pages: [[Event]]) -> [Int] {
        // Ranked once per run of equal organizations, not hashed per event.
        var ranks: [String: Int] = [:]
        func eachOrganization(_ body: (String, Int64) -> Void) {
            for page in pages {
                page.withUnsafeBufferPointer { events in
                    for index in events.indices { body(events[index].organizationId, events[index].timestamp) }
                }
            }
        }
        var last: (organization: String, rank: Int)?
        eachOrganization { organization, _ in
            if organization != last?.organization { ranks[organization] = 0 }
            last = (organization, 0)
        }
        for (rank, organization) in ranks.keys.sorted(by: { $0.precedesByCodePoint($1) }).enumerated() {
            ranks[organization] = rank
        }
        var keys: [(organization: Int, timestamp: Int64, position: Int)] = []
        keys.reserveCapacity(pages.count * pageSize)
        last = nil
        eachOrganization { organization, timestamp in
            let rank = organization == last?.organization ? last?.rank ?? 0 : ranks[organization] ?? 0
            last = (organization, rank)
            keys.append((rank, timestamp, keys.count))
        }
        func event(_ position: Int) -> Event { pages[position / pageSize][position % pageSize] }
        keys.sort { a, b in
            if a.organization != b.organization { return a.organization < b.organization }
            if a.timestamp != b.timestamp { return a.timestamp < b.timestamp }
            let (x, y) = (event(a.position), event(b.position))
            if x.sortKey != y.sortKey { return x.sortKey.precedesByCodePoint(y.sortKey) }
            if x.fingerprint != y.fingerprint { return x.fingerprint.precedesByCodePoint(y.fingerprint) }
            return a.position < b.position
        }
        return keys.map(\.position)
    }

    /// Moves the event at `order[k]` to position k, one cycle of the permutation at a time.
    private static func permute(_ pages: inout [[Event]], into order: [Int]) {
        var placed = [Bool](repeating: false, count: order.count)
        for start in order.indices where !placed[start] {
            let first = pages[start / pageSize][start % pageSize]
            var target = start
            while true {
                placed[target] = true
                let source = order[target]
                if source == start {
                    pages[target / pageSize][target % pageSize] = first
                    break
                }
                pages[target / pageSize][target % pageSize] = pages[source / pageSize][source % pageSize]
                target = source
            }
        }
    }

    public var eventCount: Int { timestamps.count }

    public func health() throws(StoreError) -> StoreHealth { .file(events: timestamps.count) }

    public func read(_ request: ReadRequest, consume: ([Event]) -> Void) throws(StoreError) -> ReadSummary {
        let ceiling = max(0, request.maxEvents)
        let scope = request.scope
        switch request.selection {
        case .window:
            let read = windowRead(request.window, scope: scope, ceiling: ceiling)
            switch read.positions {
            case .ranges(let ranges): ranges.forEach { deliver(range: $0, consume: consume) }
            case .list(let list): deliver(positions: list, keep: { _ in true }, consume: consume)
            }
            return read.summary
        case .domainprint(let dp):
            // No index on domainprint in DynamoDB: the scope's window read with a filter, so
            // everything the window read covers counts as scanned.
            let read = windowRead(request.window, scope: scope, ceiling: ceiling)
            let mine = byDomainprint[dp] ?? []
            switch read.positions {
            case .ranges(let ranges):
                for range in ranges {
                    let first = partition(mine) { $0 < range.lowerBound }
                    let end = partition(mine) { $0 < range.upperBound }
                    deliver(positions: mine[first..<end], keep: { _ in true }, consume: consume)
                }
            case .list(let list):
                deliver(positions: list, keep: { self.pages[$0 / Self.pageSize][$0 % Self.pageSize].domainprint == dp }, consume: consume)
            }
            return read.summary
        case .user(let user):
            // GSI_USER query across organizations, then the tenant filter.
            return keyRead(byUser[user] ?? [], request.window, scope: scope, ceiling: ceiling, consume: consume)
        case .fingerprint(let fp):
            // Table key read (`PK = FP#{fp}`), then the tenant filter.
            return keyRead(byFingerprint[fp] ?? [], request.window, scope: scope, ceiling: ceiling, consume: consume)
        }
    }

    /// What a window read covers: whole runs of positions, or a list when a cut in time order
    /// across organizations was needed.
    private enum Coverage {
        case ranges([Range<Int>])
        case list(ArraySlice<Int>)
    }

    /// `GSI_ORG` query for one organization; for all of them the parallel Scan. A Scan has no
    /// key condition: it examines every item of the table, in the window or not, so it counts
    /// them all as scanned and stops at the ceiling however few of them are in the window.
    /// Stopped, it hands out the window's first events by time, at most `ceiling` of them.
    private func windowRead(
        _ window: TimeWindow, scope: TenantScope, ceiling: Int
    ) -> (positions: Coverage, summary: ReadSummary) {
        switch scope {
        case .organization(let org):
            let block = organizations[org] ?? 0..<0
            let inWindow = windowRange(window, in: block)
            let scanned = min(inWindow.count, ceiling)
            let range = inWindow.lowerBound..<(inWindow.lowerBound + scanned)
            return (.ranges([range]), ReadSummary(eventsScanned: scanned, truncated: inWindow.count > ceiling))
        case .allOrganizations:
            let ranges = organizations.values.map { windowRange(window, in: $0) }
            let table = timestamps.count
            guard table > ceiling else {
                return (.ranges(ranges), ReadSummary(eventsScanned: table, truncated: false))
            }
            let total = ranges.reduce(0) { $0 + $1.count }
            let first = partition(byTime) { timestamps[$0] < window.from }
            let list = byTime[first..<(first + min(total, ceiling))]
            return (.list(list), ReadSummary(eventsScanned: ceiling, truncated: true))
        }
    }

    /// A read through a by-time position list (a key or `GSI_USER` query): its events in the
    /// window, the first `ceiling` of them, then those of the scope.
    private func keyRead(
        _ list: [Int], _ window: TimeWindow, scope: TenantScope, ceiling: Int, consume: ([Event]) -> Void
    ) -> ReadSummary {
        let first = partition(list) { timestamps[$0] < window.from }
        let end = partition(list) { timestamps[$0] <= window.to }
        let inWindow = max(0, end - first)
        let scanned = min(inWindow, ceiling)
        let keep: (Int) -> Bool
        switch scope {
        case .organization(let org):
            let block = organizations[org] ?? 0..<0
            keep = { block.contains($0) }
        case .allOrganizations:
            keep = { _ in true }
        }
        deliver(positions: list[first..<(first + scanned)], keep: keep, consume: consume)
        return ReadSummary(eventsScanned: scanned, truncated: inWindow > ceiling)
    }

    /// The positions of `block` (contiguous, by time) inside the window.
    private func windowRange(_ window: TimeWindow, in block: Range<Int>) -> Range<Int> {
        let first = partition(block) { timestamps[$0] < window.from }
        let end = partition(block) { timestamps[$0] <= window.to }
        return first..<max(first, end)
    }

    /// Hands out a run of positions: stored pages whole when the run covers them, copies of
    /// the edges otherwise.
    private func deliver(range: Range<Int>, consume: ([Event]) -> Void) {
        var start = range.lowerBound
        while start < range.upperBound {
            let pageIndex = start / Self.pageSize
            let pageStart = pageIndex * Self.pageSize
            let page = pages[pageIndex]
            let end = min(range.upperBound, pageStart + page.count)
            if start == pageStart && end == pageStart + page.count {
                consume(page)
            } else {
                consume(Array(page[(start - pageStart)..<(end - pageStart)]))
            }
            start = end
        }
    }

    /// Hands out the events at `positions` that `keep` admits, in pages.
    private func deliver<Positions: Collection>(
        positions: Positions, keep: (Int) -> Bool, consume: ([Event]) -> Void
    ) where Positions.Element == Int {
        var page: [Event] = []
        page.reserveCapacity(Self.pageSize)
        for position in positions where keep(position) {
            page.append(pages[position / Self.pageSize][position % Self.pageSize])
            if page.count == Self.pageSize {
                consume(page)
                page.removeAll(keepingCapacity: true)
            }
        }
        if !page.isEmpty { consume(page) }
    }

    /// Binary search: the first index of `positions` where `before` turns false (it holds on
    /// a prefix).
    private func partition<Positions: RandomAccessCollection>(
        _ positions: Positions, before: (Int) -> Bool
    ) -> Positions.Index where Positions.Element == Int {
        var low = positions.startIndex
        var count = positions.count
        while count > 0 {
            let half = count / 2
            let mid = positions.index(low, offsetBy: half)
            if before(positions[mid]) {
                low = positions.index(after: mid)
                count -= half + 1
            } else {
                count = half
            }
        }
        return low
    }
}

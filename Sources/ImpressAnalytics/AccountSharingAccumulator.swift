import ImpressModel

/// `/account-sharing` (API.md §4) over a window's events, fed page by page in any order.
/// Anonymous events are skipped (the route is per user). Memory grows with distinct users,
/// plus 32 bytes per user event (the sessions need every timestamp, and the distinct counts
/// are taken per user at the end) and about 70 per located one (see `TravelLog`).
public struct AccountSharingAccumulator: Sendable {
    /// One user event, by ids: everything the user's row needs from it but its travel.
    private struct Visit: Sendable {
        var user: UInt32
        /// `Event.Keys` ids; the fingerprint is never `absent`.
        var fingerprint: Int32
        var timestamp: Int64
        var ip: Int32
        var country: Int32
        var organization: UInt32
    }

    private var users = KeySlots()
    /// Every user event, counted and de-duplicated per user only in `finish`: a per-event set
    /// insert of (user, ip) and (user, country) cost more than sorting the visits once.
    private var visits: [Visit] = []
    private var visitsPerUser: [Int] = []  // by user id
    /// One past the largest ip or country key seen, to size `finish`'s marks.
    private var keyCeiling = 0
    /// Organization strings by their key, for `includeOrganizations`.
    private var organizations = KeySlots()
    private var lastOrganization: (key: Int32, id: UInt32)?
    private var travel = TravelLog()
    /// Keys events that come without them (see `KeyedEventAccumulator`).
    public var keyTable = Event.KeyTable()

    public init() {}

    /// The per-event work, reading the event in place with its interned keys.
    public mutating func add(at event: UnsafePointer<Event>, keys: Event.Keys) {
        guard keys.user != Event.Keys.absent else { return }
        let user = users.id(keys.user) { event.pointee.userId ?? "" }
        if Int(user) == visitsPerUser.count { visitsPerUser.append(0) }
        visitsPerUser[Int(user)] += 1
        keyCeiling = max(keyCeiling, Int(keys.ip) + 1, Int(keys.country) + 1)
        visits.append(
            Visit(
                user: user, fingerprint: keys.fingerprint, timestamp: event.pointee.timestamp, ip: keys.ip,
                country: keys.country, organization: organizationId(keys.organization, at: event)))
        travel.add(at: event, user: user, keys: keys)
    }

    /// The local id of an organization; a one-organization window (every request but a
    /// superadmin's all-orgs one) compares one integer per event.
    private mutating func organizationId(_ key: Int32, at event: UnsafePointer<Event>) -> UInt32 {
        if let last = lastOrganization, last.key == key { return last.id }
        let id = organizations.id(key) { event.pointee.organizationId }
        lastOrganization = (key, id)
        return id
    }

    /// The report: `items` are the flagged rows, or every user's with `includeAll`; with
    /// `includeOrganizations` (superadmin all-orgs) each row lists its organizations.
    public func finish(includeAll: Bool = false, includeOrganizations: Bool = false) -> AccountSharingReport {
        var travelCounts = Array(repeating: 0, count: users.count)
        travel.forEachIncident { travelCounts[Int($0.user)] += 1 }
        var byUser = CountingSort.grouped(visits, counts: visitsPerUser) { Int($0.user) }
        // The last user (id + 1) that counted each ip, country and organization: a user's
        // distinct values are counted in one pass over its visits, hashing nothing.
        var ipMarks = [UInt32](repeating: 0, count: keyCeiling)
        var countryMarks = [UInt32](repeating: 0, count: keyCeiling)
        var organizationMarks = [UInt32](repeating: 0, count: organizations.count)
        var sessions: [(start: Int64, end: Int64)] = []
        var boundaries: [(time: Int64, delta: Int)] = []
        var rows: [AccountSharingRow] = []
        rows.reserveCapacity(users.count)
        var start = 0
        for (user, count) in visitsPerUser.enumerated() {
            let end = start + count
            let mark = UInt32(truncatingIfNeeded: user) + 1  // user ids are below 2^32 - 1
            var row = AccountSharingRow(
                userId: users[UInt32(truncatingIfNeeded: user)], fingerprintCount: 0, ipCount: 0, countryCount: 0,
                impossibleTravelCount: travelCounts[user], maxConcurrent: 0, eventCount: count, firstSeen: Int64.max,
                lastSeen: Int64.min, organizations: includeOrganizations ? [] : nil)
            for visit in byUser[start..<end] {
                row.firstSeen = min(row.firstSeen, visit.timestamp)
                row.lastSeen = max(row.lastSeen, visit.timestamp)
                if visit.ip != Event.Keys.absent, ipMarks[Int(visit.ip)] != mark {
                    ipMarks[Int(visit.ip)] = mark
                    row.ipCount += 1
                }
                // Proxied events count too: a VPN exit is still a place the account was used from.
                if visit.country != Event.Keys.absent, countryMarks[Int(visit.country)] != mark {
                    countryMarks[Int(visit.country)] = mark
                    row.countryCount += 1
                }
                if includeOrganizations, organizationMarks[Int(visit.organization)] != mark {
                    organizationMarks[Int(visit.organization)] = mark
                    row.organizations?.append(organizations[visit.organization])
                }
            }
            row.organizations?.sort { $0.precedesByCodePoint($1) }
            // D and C: each fingerprint's run of visits in time order is one device, cut into
            // sessions; then the user's sessions are swept.
            byUser[start..<end].sort { ($0.fingerprint, $0.timestamp) < ($1.fingerprint, $1.timestamp) }
            sessions.removeAll(keepingCapacity: true)
            var fingerprintStart = start
            while fingerprintStart < end {
                let fingerprint = byUser[fingerprintStart].fingerprint
                var fingerprintEnd = fingerprintStart + 1
                while fingerprintEnd < end, byUser[fingerprintEnd].fingerprint == fingerprint { fingerprintEnd += 1 }
                row.fingerprintCount += 1
                Sessions.append(sessionsOf: byUser[fingerprintStart..<fingerprintEnd].lazy.map(\.timestamp), into: &sessions)
                fingerprintStart = fingerprintEnd
            }
            row.maxConcurrent = Sessions.maxConcurrent(sessions, boundaries: &boundaries)
            rows.append(row)
            start = end
        }
        let flaggedCount = rows.count(where: \.flagged)
        let listed = (includeAll ? rows : rows.filter(\.flagged)).sorted(by: AccountSharingRow.ranksBefore)
        return AccountSharingReport(rows: listed, usersAnalyzed: rows.count, flaggedUsers: flaggedCount)
    }
}

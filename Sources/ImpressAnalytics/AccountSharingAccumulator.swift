import ImpressModel

/// `/account-sharing` (API.md §4) over a window's events, fed page by page in any order.
/// Anonymous events are skipped (the route is per user). Memory grows with distinct users,
/// fingerprints and their (ip, country, organization) pairs, plus 16 bytes per user event
/// (the sessions need every timestamp; they also give the fingerprint count) and one
/// `TravelPoint` per located user event.
public struct AccountSharingAccumulator: Sendable {
    private struct UserActivity: Sendable {
        var eventCount = 0
        var firstSeen = Int64.max
        var lastSeen = Int64.min
        var ipCount = 0
        var countryCount = 0
        /// The organization (local id) and country (key) of the user's last counted event:
        /// a repeat is already in `userOrganizations`/`userCountries`, so it skips the hash.
        var lastOrganization = UInt32.max
        var lastCountry = Event.Keys.absent
    }

    private var users = KeySlots()
    private var activity: [UserActivity] = []  // by user id
    private var ips = StringInterner()
    /// Organization strings by their key, for `includeOrganizations`.
    private var organizations = KeySlots()
    private var lastOrganization: (key: Int32, id: UInt32)?
    /// (user, x) pairs; countries are keyed by their `Event.Keys` id.
    private var userIps: Set<UInt64> = []
    private var userCountries: Set<UInt64> = []
    private var userOrganizations: Set<UInt64> = []
    /// One entry per user event: (user, fingerprint key) and the time.
    private var userFingerprintTimes: [(pair: UInt64, timestamp: Int64)] = []
    private var travel = TravelLog()
    /// Keys events that come without them (see `KeyedEventAccumulator`).
    public var keyTable = Event.KeyTable()

    public init() {}

    /// The per-event work, reading the event in place with its interned keys.
    public mutating func add(at event: UnsafePointer<Event>, keys: Event.Keys) {
        guard keys.user != Event.Keys.absent else { return }
        let timestamp = event.pointee.timestamp
        let user = users.id(keys.user) { event.pointee.userId ?? "" }
        if Int(user) == activity.count { activity.append(UserActivity()) }
        activity[Int(user)].eventCount += 1
        activity[Int(user)].firstSeen = min(activity[Int(user)].firstSeen, timestamp)
        activity[Int(user)].lastSeen = max(activity[Int(user)].lastSeen, timestamp)
        // Key ids are never negative here (the fingerprint is always present), so the bit
        // pattern keeps them distinct.
        let userFingerprint = PairKey.make(user, UInt32(bitPattern: keys.fingerprint))
        if let ip = event.pointee.ip, userIps.insert(PairKey.make(user, ips.id(ip))).inserted {
            activity[Int(user)].ipCount += 1
        }
        // Proxied events count too: a VPN exit is still a place the account was used from.
        if keys.country != Event.Keys.absent, keys.country != activity[Int(user)].lastCountry {
            activity[Int(user)].lastCountry = keys.country
            if userCountries.insert(PairKey.make(user, UInt32(bitPattern: keys.country))).inserted {
                activity[Int(user)].countryCount += 1
            }
        }
        let organization = organizationId(keys.organization, at: event)
        if organization != activity[Int(user)].lastOrganization {
            activity[Int(user)].lastOrganization = organization
            userOrganizations.insert(PairKey.make(user, organization))
        }
        userFingerprintTimes.append((userFingerprint, timestamp))
        travel.add(at: event, user: user, signals: keys.signals)
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
        travel.forEachIncident(userIds: users.strings) { user, _ in travelCounts[Int(user)] += 1 }
        let devices = devicesByUser()
        var organizationsByUser: [UInt32: [String]] = [:]
        if includeOrganizations {
            for pair in userOrganizations {
                organizationsByUser[PairKey.first(pair), default: []].append(organizations[PairKey.second(pair)])
            }
        }
        let rows = activity.indices.map { i in
            let user = UInt32(truncatingIfNeeded: i)
            let a = activity[i]
            return AccountSharingRow(
                userId: users[user], fingerprintCount: devices[i].fingerprints, ipCount: a.ipCount,
                countryCount: a.countryCount, impossibleTravelCount: travelCounts[i], maxConcurrent: devices[i].maxConcurrent,
                eventCount: a.eventCount, firstSeen: a.firstSeen, lastSeen: a.lastSeen,
                organizations: includeOrganizations
                    ? (organizationsByUser[user] ?? []).sorted { $0.precedesByCodePoint($1) } : nil)
        }
        let flaggedCount = rows.count(where: \.flagged)
        let listed = (includeAll ? rows : rows.filter(\.flagged)).sorted(by: AccountSharingRow.ranksBefore)
        return AccountSharingReport(rows: listed, usersAnalyzed: rows.count, flaggedUsers: flaggedCount)
    }

    /// D and C per user id, from every (user, fingerprint)'s timestamps in order: each
    /// fingerprint's run of entries is one device, cut into sessions; then the user's sessions
    /// are swept. (Counting D here spares a set insert per event.)
    private func devicesByUser() -> [(fingerprints: Int, maxConcurrent: Int)] {
        var result = Array(repeating: (fingerprints: 0, maxConcurrent: 0), count: users.count)
        let times = userFingerprintTimes.sorted { $0.pair != $1.pair ? $0.pair < $1.pair : $0.timestamp < $1.timestamp }
        var sessions: [(start: Int64, end: Int64)] = []
        var boundaries: [(time: Int64, delta: Int)] = []
        var start = times.startIndex
        while start < times.endIndex {
            // The pair key holds the user in its high half, so a user's entries are adjacent,
            // grouped by fingerprint.
            let user = PairKey.first(times[start].pair)
            sessions.removeAll(keepingCapacity: true)
            var fingerprints = 0
            var fingerprintStart = start
            while fingerprintStart < times.endIndex, PairKey.first(times[fingerprintStart].pair) == user {
                let pair = times[fingerprintStart].pair
                var end = fingerprintStart + 1
                while end < times.endIndex, times[end].pair == pair { end += 1 }
                fingerprints += 1
                Sessions.append(sessionsOf: times[fingerprintStart..<end].lazy.map(\.timestamp), into: &sessions)
                fingerprintStart = end
            }
            result[Int(user)] = (fingerprints, Sessions.maxConcurrent(sessions, boundaries: &boundaries))
            start = fingerprintStart
        }
        return result
    }
}

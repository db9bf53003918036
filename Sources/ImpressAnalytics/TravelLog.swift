import ImpressModel

/// The located events of many users, fed in any order, turned into impossible-travel
/// incidents per user at the end (API.md §4 /fraud/stats, /account-sharing). Users are the
/// caller's interned ids, and an event is kept as numbers only (its strings by the ids of
/// `Event.Keys`, each string copied once): adding one touches none of the event's strings, which
/// lie all over the heap, and a million of them cost more than the rest of the route.
struct TravelLog: Sendable {
    /// What ordering and the distance test read, 48 bytes, sorted by user as a whole.
    private struct Stop: Sendable {
        var user: UInt32
        /// Where the stop's `Shown` fields are, in `shown`.
        var index: UInt32
        var position: PositionTable.Position
        var latitude: Double
        var longitude: Double
    }

    /// What an incident shows of a stop besides its time: ids into `names` (`noName` for a
    /// missing attribute).
    private struct Shown: Sendable {
        var ip: UInt32
        var country: UInt32
        var city: UInt32
        var latitudeText: UInt32
        var longitudeText: UInt32
    }

    /// One incident, by the stops' indices in `shown`; `incident(_:userIds:)` makes it whole.
    struct Found: Sendable {
        var user: UInt32
        var from: UInt32
        var to: UInt32
        var distanceKm: Double
        var elapsedMilliseconds: Int64
        var speedKmh: Double
    }

    private static let noName = UInt32.max
    private static let initialCapacity = 64

    private var stops: [Stop] = []
    private var shown: [Shown] = []
    private var stopsPerUser: [Int] = []
    private var positions = PositionTable()
    /// Every string a stop shows, by its key.
    private var names = KeySlots()
    /// Whether each signal list (by its `Event.Keys` id) marks a proxied event: 0 not yet
    /// known, 1 no, 2 yes. Spares comparing the list's strings on every located event.
    private var proxiedLists: [UInt8] = []

    /// Adds the event's point, if it has one.
    mutating func add(at event: UnsafePointer<Event>, user: UInt32, keys: Event.Keys) {
        // A coordinate's text is keyed exactly when the coordinate is valid (`Event`).
        guard keys.latitude != Event.Keys.absent, keys.longitude != Event.Keys.absent,
            let latitude = event.pointee.latitude, let longitude = event.pointee.longitude,
            !isProxied(event, signals: keys.signals)
        else { return }
        if stops.isEmpty {
            // Growing 1, 2, 4 … 64 reallocated both arrays six times for a small window
            // (~11k instructions of a 100-event /fraud/stats); 64 stops are 4.5 KB.
            stops.reserveCapacity(Self.initialCapacity)
            shown.reserveCapacity(Self.initialCapacity)
        }
        // Fewer than 2^32 stops: each is an event in memory, hundreds of bytes.
        let index = UInt32(truncatingIfNeeded: stops.count)
        stops.append(
            Stop(
                user: user, index: index, position: positions.position(at: event, keys: keys), latitude: latitude,
                longitude: longitude))
        shown.append(
            Shown(
                ip: name(keys.ip) { event.pointee.ip }, country: name(keys.country) { event.pointee.country },
                city: name(keys.city) { event.pointee.city },
                latitudeText: name(keys.latitude) { event.pointee.latitudeText },
                longitudeText: name(keys.longitude) { event.pointee.longitudeText }))
        if Int(user) >= stopsPerUser.count {
            stopsPerUser.append(contentsOf: repeatElement(0, count: Swift.max(Int(user) + 1, stopsPerUser.count * 2) - stopsPerUser.count))
        }
        stopsPerUser[Int(user)] += 1
    }

    @inline(__always)
    private mutating func name(_ key: Int32, _ value: () -> String?) -> UInt32 {
        key == Event.Keys.absent ? Self.noName : names.id(key) { value() ?? "" }
    }

    private mutating func isProxied(_ event: UnsafePointer<Event>, signals: Int32) -> Bool {
        guard signals != Event.Keys.absent else { return false }
        let list = Int(signals)
        if list >= proxiedLists.count {
            proxiedLists.append(contentsOf: repeatElement(0, count: Swift.max(list + 1, proxiedLists.count * 2) - proxiedLists.count))
        }
        if proxiedLists[list] == 0 {
            let proxied = event.pointee.signals.contains { $0 == "vpn" || $0 == "proxy" || $0 == "tor" }
            proxiedLists[list] = proxied ? 2 : 1
        }
        return proxiedLists[list] == 2
    }

    /// Calls `body` with every incident, grouped by user (in ascending user id order), each
    /// user's in time order. Incidents are handed over one by one and light (`incident` makes
    /// one whole), so a caller that keeps only a count or the fastest few never holds them all.
    func forEachIncident(_ body: (Found) -> Void) {
        var byUser = CountingSort.grouped(stops, counts: stopsPerUser) { Int($0.user) }
        var start = 0
        for count in stopsPerUser where count > 0 {
            let end = start + count
            let inOrder = (start + 1..<end).allSatisfy { !positions.precedes(byUser[$0].position, byUser[$0 - 1].position) }
            if !inOrder { byUser[start..<end].sort { positions.precedes($0.position, $1.position) } }
            for k in start + 1..<end {
                if let found = Self.found(from: byUser[k - 1], to: byUser[k]) { body(found) }
            }
            start = end
        }
    }

    /// The incident between two consecutive stops of one user, if they are one: the tests of
    /// `ImpossibleTravel.incident`, on the numbers alone.
    private static func found(from a: Stop, to b: Stop) -> Found? {
        // Most consecutive stops are in the same place: no trigonometry for those.
        if a.latitude == b.latitude && a.longitude == b.longitude { return nil }
        let distance = ImpossibleTravel.distanceKm(lat1: a.latitude, lon1: a.longitude, lat2: b.latitude, lon2: b.longitude)
        guard distance >= ImpossibleTravel.minimumDistanceKm else { return nil }
        // A difference that overflows is millions of years: never an incident.
        let (elapsed, overflow) = b.position.timestamp.subtractingReportingOverflow(a.position.timestamp)
        guard !overflow else { return nil }
        let speed = ImpossibleTravel.speedKmh(distanceKm: distance, elapsedMilliseconds: elapsed)
        guard ImpossibleTravel.isImpossible(distanceKm: distance, speedKmh: speed) else { return nil }
        return Found(user: a.user, from: a.index, to: b.index, distanceKm: distance, elapsedMilliseconds: elapsed, speedKmh: speed)
    }

    /// The incidents' rank (API.md §4): speed desc, then user id, then `from`'s position (a
    /// user has one incident per `from`, so the order is total). Equal user ids are equal local
    /// ids, so strings are compared only between two users.
    func ranksBefore(_ a: Found, _ b: Found, userIds: [String]) -> Bool {
        if a.speedKmh != b.speedKmh { return a.speedKmh > b.speedKmh }
        if a.user != b.user { return userIds[Int(a.user)].precedesByCodePoint(userIds[Int(b.user)]) }
        return positions.precedes(stops[Int(a.from)].position, stops[Int(b.from)].position)
    }

    /// The whole incident; `userIds` names the users by id.
    func incident(_ found: Found, userIds: [String]) -> TravelIncident {
        TravelIncident(
            userId: userIds[Int(found.user)], from: point(found.from), to: point(found.to), distanceKm: found.distanceKm,
            elapsedMilliseconds: found.elapsedMilliseconds, speedKmh: found.speedKmh)
    }

    private func point(_ index: UInt32) -> TravelPoint {
        let stop = stops[Int(index)]
        let fields = shown[Int(index)]
        func string(_ id: UInt32) -> String? { id == Self.noName ? nil : names[id] }
        return TravelPoint(
            position: positions.eventPosition(stop.position),
            latitude: stop.latitude, longitude: stop.longitude, latitudeText: string(fields.latitudeText) ?? "",
            longitudeText: string(fields.longitudeText) ?? "", ip: string(fields.ip), country: string(fields.country),
            city: string(fields.city))
    }
}

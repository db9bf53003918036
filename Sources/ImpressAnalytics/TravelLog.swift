import ImpressModel

/// The located events of many users, fed in any order, turned into impossible-travel
/// incidents per user at the end (API.md §4 /fraud/stats, /account-sharing). Users are the
/// caller's interned ids, so adding a point hashes nothing.
struct TravelLog: Sendable {
    /// What the sort compares first, kept apart from the points: sorting these plain 24-byte
    /// values moves no strings, and only exact time ties look at a point's `SK`/fingerprint.
    private struct Key: Sendable {
        var user: UInt32
        var timestamp: Int64
        var index: Int
    }

    private var points: [TravelPoint] = []
    private var keys: [Key] = []
    /// Whether each signal list (by its `Event.Keys` id) marks a proxied event: 0 not yet
    /// known, 1 no, 2 yes. Spares comparing the list's strings on every located event.
    private var proxiedLists: [UInt8] = []

    /// Adds the event's point, if it has one; `signals` is the key of its signal list.
    mutating func add(at event: UnsafePointer<Event>, user: UInt32, signals: Int32) {
        // Checked field by field: `TravelPoint(at:)` asks the event's `isProxied`, which copies
        // the whole event (two dozen retains) on every call.
        guard event.pointee.latitude != nil, event.pointee.longitude != nil,
            event.pointee.latitudeText != nil, event.pointee.longitudeText != nil,
            !isProxied(event, signals: signals),
            let point = TravelPoint(at: event, proxyChecked: ())
        else { return }
        keys.append(Key(user: user, timestamp: point.timestamp, index: points.count))
        points.append(point)
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
    /// user's in time order. Incidents are handed over one by one, so a caller that keeps only
    /// a count or the fastest few never holds them all. `userIds` names the users by id.
    func forEachIncident(userIds: [String], _ body: (UInt32, TravelIncident) -> Void) {
        var order = keys
        points.withUnsafeBufferPointer { points in
            // Reading points through the buffer borrows them: a copy would retain seven strings.
            order.sort { a, b in
                if a.user != b.user { return a.user < b.user }
                if a.timestamp != b.timestamp { return a.timestamp < b.timestamp }
                return points[a.index].position < points[b.index].position
            }
            var start = order.startIndex
            while start < order.endIndex {
                let user = order[start].user
                var end = start + 1
                while end < order.endIndex, order[end].user == user { end += 1 }
                // Consecutive pairs, as `ImpossibleTravel.incidents(userId:chronological:)` takes them.
                let userId = userIds[Int(user)]
                var previous = order[start].index
                for k in (start + 1)..<end {
                    let next = order[k].index
                    // The distance and speed tests of `ImpossibleTravel.incident`, on the fields
                    // alone: most pairs are no incident, and building one copies both points.
                    let distance = ImpossibleTravel.distanceKm(
                        lat1: points[previous].latitude, lon1: points[previous].longitude,
                        lat2: points[next].latitude, lon2: points[next].longitude)
                    if distance >= ImpossibleTravel.minimumDistanceKm,
                        let incident = ImpossibleTravel.incident(userId: userId, from: points[previous], to: points[next])
                    {
                        body(user, incident)
                    }
                    previous = next
                }
                start = end
            }
        }
    }
}

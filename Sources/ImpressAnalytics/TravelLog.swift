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

    mutating func add(at event: UnsafePointer<Event>, user: UInt32) {
        guard let point = TravelPoint(at: event) else { return }
        keys.append(Key(user: user, timestamp: point.timestamp, index: points.count))
        points.append(point)
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
                    if let incident = ImpossibleTravel.incident(
                        userId: userId, from: points[previous], to: points[next])
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

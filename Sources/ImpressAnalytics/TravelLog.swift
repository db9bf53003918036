import ImpressModel

/// The located events of many users, fed in any order, turned into impossible-travel
/// incidents per user at the end (API.md §4 /fraud/stats, /account-sharing). Users are the
/// caller's interned ids, so adding a point hashes nothing.
struct TravelLog: Sendable {
    private var points: [(user: UInt32, point: TravelPoint)] = []

    mutating func add(at event: UnsafePointer<Event>, user: UInt32) {
        if let point = TravelPoint(at: event) { points.append((user, point)) }
    }

    /// Calls `body` with every incident, grouped by user (in no particular user order), each
    /// user's in time order. Incidents are handed over one by one, so a caller that keeps only
    /// a count or the fastest few never holds them all.
    func forEachIncident(userIds: StringInterner, _ body: (UInt32, TravelIncident) -> Void) {
        // Sort small keys, not the points themselves (each carries several strings).
        let order = points.indices.sorted { i, j in
            let a = points[i]
            let b = points[j]
            return a.user != b.user ? a.user < b.user : a.point.position < b.point.position
        }
        var start = order.startIndex
        while start < order.endIndex {
            let user = points[order[start]].user
            var end = start + 1
            while end < order.endIndex, points[order[end]].user == user { end += 1 }
            let userPoints = order[start..<end].lazy.map { points[$0].point }
            for incident in ImpossibleTravel.incidents(userId: userIds[user], chronological: userPoints) {
                body(user, incident)
            }
            start = end
        }
    }
}

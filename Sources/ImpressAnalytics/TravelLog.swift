import ImpressModel

/// The located events of many users, fed in any order, turned into impossible-travel
/// incidents per user at the end (API.md §4 /fraud/stats, /account-sharing). Users are the
/// caller's interned ids, so adding a point hashes nothing.
struct TravelLog: Sendable {
    private var points: [(user: UInt32, point: TravelPoint)] = []

    mutating func add(_ event: Event, user: UInt32) {
        if let point = TravelPoint(event: event) { points.append((user, point)) }
    }

    /// Every incident, grouped by user (in no particular user order), each user's in time order.
    func incidents(userIds: StringInterner) -> [(user: UInt32, incident: TravelIncident)] {
        let sorted = points.sorted { a, b in a.user != b.user ? a.user < b.user : a.point.position < b.point.position }
        var out: [(user: UInt32, incident: TravelIncident)] = []
        var start = sorted.startIndex
        while start < sorted.endIndex {
            let user = sorted[start].user
            var end = start + 1
            while end < sorted.endIndex, sorted[end].user == user { end += 1 }
            let userPoints = sorted[start..<end].lazy.map(\.point)
            for incident in ImpossibleTravel.incidents(userId: userIds[user], chronological: userPoints) {
                out.append((user, incident))
            }
            start = end
        }
        return out
    }
}

import ImpressModel

#if canImport(Glibc)
import Glibc  // sin, cos, asin, sqrt
#endif

/// One impossible-travel incident: two consecutive located events of one user too far apart
/// for the time between them (API.md §4 /fraud/stats).
public struct TravelIncident: Sendable {
    public var userId: String
    public var from: Event
    public var to: Event
    public var distanceKm: Double
    /// Raw seconds between the events (not floored to 60).
    public var elapsedSeconds: Double
    /// distance ÷ max(elapsed, 60 s), in km/h.
    public var speedKmh: Double
}

public enum ImpossibleTravel {
    public static let minimumDistanceKm = 500.0
    public static let minimumSpeedKmh = 1000.0
    public static let earthRadiusKm = 6371.0

    /// Great-circle distance by the haversine formula.
    public static func distanceKm(lat1: Double, lon1: Double, lat2: Double, lon2: Double) -> Double {
        let rad = Double.pi / 180
        let dLat = (lat2 - lat1) * rad
        let dLon = (lon2 - lon1) * rad
        let a = sin(dLat / 2) * sin(dLat / 2) + cos(lat1 * rad) * cos(lat2 * rad) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * earthRadiusKm * asin(min(1, sqrt(a)))
    }

    /// The incidents among one user's events (any order): the events with both coordinates
    /// and not through an anonymising proxy, by time (ties by `SK`), each consecutive pair
    /// ≥ 500 km apart at more than 1000 km/h.
    public static func incidents(userId: String, events: [Event]) -> [TravelIncident] {
        let located = events.filter { $0.latitude != nil && $0.longitude != nil && !$0.isProxied }
            .sorted { a, b in
                a.timestamp != b.timestamp ? a.timestamp < b.timestamp : a.sortKey.precedesByCodePoint(b.sortKey)
            }
        guard located.count >= 2 else { return [] }
        var out: [TravelIncident] = []
        for i in 1..<located.count {
            let a = located[i - 1]
            let b = located[i]
            guard let lat1 = a.latitude, let lon1 = a.longitude, let lat2 = b.latitude, let lon2 = b.longitude else { continue }
            let distance = distanceKm(lat1: lat1, lon1: lon1, lat2: lat2, lon2: lon2)
            guard distance >= minimumDistanceKm else { continue }
            // In Double: timestamps come from the table and may lie far apart (Int64.min and
            // Int64.max are valid `N`s), where an Int64 difference would trap.
            let elapsed = (Double(b.timestamp) - Double(a.timestamp)) / 1000
            let speed = distance / max(elapsed, 60) * 3600
            guard speed > minimumSpeedKmh else { continue }
            out.append(TravelIncident(userId: userId, from: a, to: b, distanceKm: distance, elapsedSeconds: elapsed, speedKmh: speed))
        }
        return out
    }
}

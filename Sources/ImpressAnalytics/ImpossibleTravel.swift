import ImpressJSON
import ImpressModel

#if canImport(Glibc)
import Glibc  // sin, cos, asin, sqrt
#endif

/// One impossible-travel incident: two consecutive located events of one user too far apart
/// for the time between them (API.md §4 /fraud/stats).
public struct TravelIncident: Sendable {
    public var userId: String
    public var from: TravelPoint
    public var to: TravelPoint
    public var distanceKm: Double
    /// Raw milliseconds between the events (not floored to 60 s).
    public var elapsedMilliseconds: Int64
    /// distance ÷ max(elapsed, 60 s), in km/h.
    public var speedKmh: Double

    /// Raw seconds between the events (not floored to 60).
    public var elapsedSeconds: Double { Double(elapsedMilliseconds) / 1000 }

    /// `{user_id, from, to, distance_km, elapsed_s, speed_kmh}`: distance and speed rounded to
    /// 2 decimals; `elapsed_s` is exact (whole milliseconds as seconds, e.g. `30.5`).
    public func write(to out: inout JSONOutput) {
        out.object { out in
            out.member("user_id", userId)
            out.key("from")
            from.write(to: &out)
            out.key("to")
            to.write(to: &out)
            out.key("distance_km")
            out.rounded2(distanceKm)
            out.key("elapsed_s")
            out.thousandths(elapsedMilliseconds)
            out.key("speed_kmh")
            out.rounded2(speedKmh)
        }
    }
}

public enum ImpossibleTravel {
    public static let minimumDistanceKm = 500.0
    public static let minimumSpeedKmh = 1000.0
    public static let earthRadiusKm = 6371.0
    /// Elapsed times under a minute count as a minute for the speed (API.md §4).
    public static let minimumElapsedMilliseconds: Int64 = 60_000

    /// Great-circle distance by the haversine formula.
    public static func distanceKm(lat1: Double, lon1: Double, lat2: Double, lon2: Double) -> Double {
        let rad = Double.pi / 180
        let dLat = (lat2 - lat1) * rad
        let dLon = (lon2 - lon1) * rad
        let a = sin(dLat / 2) * sin(dLat / 2) + cos(lat1 * rad) * cos(lat2 * rad) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * earthRadiusKm * asin(min(1, sqrt(a)))
    }

    /// The incidents among one user's events (any order): the events with both coordinates
    /// and not through an anonymising proxy, by time (ties by `SK`, then fingerprint), each
    /// consecutive pair ≥ 500 km apart at more than 1000 km/h.
    public static func incidents(userId: String, events: [Event]) -> [TravelIncident] {
        var points = events.compactMap(TravelPoint.init(event:))
        points.sort { $0.position < $1.position }
        return incidents(userId: userId, chronological: points)
    }

    /// The incidents among one user's points, which must already be in `EventPosition` order.
    public static func incidents<Points: Sequence>(userId: String, chronological points: Points) -> [TravelIncident]
    where Points.Element == TravelPoint {
        var out: [TravelIncident] = []
        var previous: TravelPoint?
        for point in points {
            if let from = previous, let incident = incident(userId: userId, from: from, to: point) {
                out.append(incident)
            }
            previous = point
        }
        return out
    }

    /// The incident between two consecutive points, if they are one.
    static func incident(userId: String, from a: TravelPoint, to b: TravelPoint) -> TravelIncident? {
        let distance = distanceKm(lat1: a.latitude, lon1: a.longitude, lat2: b.latitude, lon2: b.longitude)
        guard distance >= minimumDistanceKm else { return nil }
        // Timestamps come from the table: a difference that overflows is millions of years,
        // never an incident.
        let (elapsed, overflow) = b.timestamp.subtractingReportingOverflow(a.timestamp)
        guard !overflow else { return nil }
        let speed = speedKmh(distanceKm: distance, elapsedMilliseconds: elapsed)
        guard isImpossible(distanceKm: distance, speedKmh: speed) else { return nil }
        return TravelIncident(
            userId: userId, from: a, to: b, distanceKm: distance, elapsedMilliseconds: elapsed, speedKmh: speed)
    }

    /// distance ÷ max(elapsed, 60 s), in km/h; multiplied before dividing, so round inputs
    /// give exact speeds (1000 km in 3600 s is exactly 1000 km/h, which is not an incident).
    public static func speedKmh(distanceKm: Double, elapsedMilliseconds: Int64) -> Double {
        distanceKm * 3_600_000 / Double(max(elapsedMilliseconds, minimumElapsedMilliseconds))
    }

    /// API.md §4: at least 500 km apart, at more than 1000 km/h.
    public static func isImpossible(distanceKm: Double, speedKmh: Double) -> Bool {
        distanceKm >= minimumDistanceKm && speedKmh > minimumSpeedKmh
    }
}

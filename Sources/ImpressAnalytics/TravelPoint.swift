import ImpressJSON
import ImpressModel

/// The few fields of a located event that impossible travel needs (API.md §4 /fraud/stats):
/// its place in time, its coordinates and what an incident's `from`/`to` show. The
/// accumulators' `TravelLog` keeps these as ids and makes points only for the incidents it
/// hands out.
public struct TravelPoint: Sendable {
    public var position: EventPosition
    public var latitude: Double
    public var longitude: Double
    /// The stored `N` texts, echoed by the DecimalEncoder rule (API.md §1).
    public var latitudeText: String
    public var longitudeText: String
    public var ip: String?
    public var country: String?
    public var city: String?

    /// The event's point, or nil when it takes no part in impossible travel: a coordinate is
    /// missing, or it came through an anonymising proxy (its location is the proxy's).
    public init?(event: borrowing Event) {
        guard let point = withUnsafePointer(to: event, TravelPoint.init(at:)) else { return nil }
        self = point
    }

    /// The same, reading the event in place (an `Event` passed by value would be copied whole,
    /// two dozen retains).
    init?(at event: UnsafePointer<Event>) {
        // Coordinates first: most events have none, and that check costs nothing.
        guard let latitude = event.pointee.latitude, let longitude = event.pointee.longitude,
            let latitudeText = event.pointee.latitudeText, let longitudeText = event.pointee.longitudeText,
            !event.pointee.isProxied
        else { return nil }
        self.init(
            position: EventPosition(
                timestamp: event.pointee.timestamp, sortKey: event.pointee.sortKey, fingerprint: event.pointee.fingerprint),
            latitude: latitude, longitude: longitude, latitudeText: latitudeText, longitudeText: longitudeText,
            ip: event.pointee.ip, country: event.pointee.country, city: event.pointee.city)
    }

    init(
        position: EventPosition, latitude: Double, longitude: Double, latitudeText: String, longitudeText: String,
        ip: String?, country: String?, city: String?
    ) {
        self.position = position
        self.latitude = latitude
        self.longitude = longitude
        self.latitudeText = latitudeText
        self.longitudeText = longitudeText
        self.ip = ip
        self.country = country
        self.city = city
    }

    public var timestamp: Int64 { position.timestamp }

    /// An incident's `from`/`to` object: `{timestamp, ip, country, city, latitude, longitude}`,
    /// a missing attribute as `null`.
    public func write(to out: inout JSONOutput) {
        out.object { out in
            out.member("timestamp", position.timestamp)
            out.member("ip", ip)
            out.member("country", country)
            out.member("city", city)
            out.key("latitude")
            out.decimal(latitudeText)
            out.key("longitude")
            out.decimal(longitudeText)
        }
    }
}

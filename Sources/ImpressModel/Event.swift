import ImpressJSON

/// One fingerprint event: the fields the analytics read, decoded once, plus the whole item
/// for responses that list events (API.md §1). Built from an item by `init(item:)`, which
/// refuses only what the contract requires (`fingerprint`, `organizationId`, `timestamp`);
/// every optional attribute may be missing or of an unexpected type without an error.
public struct Event: Sendable {
    public var fingerprint: String
    public var organizationId: String
    /// Epoch milliseconds, UTC.
    public var timestamp: Int64
    /// Dense ids of the grouping fields, set by a store that interns them once at load (the file
    /// store does) so aggregations index arrays instead of hashing strings; `nil` when the event
    /// was not interned. Next to `timestamp`: the hot fields share a cache line.
    public var keys: Keys?
    /// The table's sort key (`EVENT#{timestamp}[#suffix]`), for tie-breaks.
    public var sortKey: String
    public var userId: String?
    public var domainprint: String?
    public var domain: String?
    public var eventType: String?
    public var ip: String?
    public var country: String?
    public var city: String?
    public var latitude: Double?
    public var longitude: Double?
    /// The exact `N` text of `latitude`/`longitude`, for echoing them by the DecimalEncoder rule.
    public var latitudeText: String?
    public var longitudeText: String?
    public var riskScore: Double?
    /// The exact `N` text of `risk_score`.
    public var riskScoreText: String?
    public var signals: [String]
    public var utmSource: String?
    public var utmMedium: String?
    public var utmCampaign: String?
    /// The exact `N` text of `revenue`.
    public var revenueText: String?
    public var sessionId: String?
    /// The whole item as stored, `PK` and `SK` included.
    public var item: Item

    public init(item: Item) throws(AttributeValueError) {
        guard let fp = item["fingerprint"]?.stringValue else {
            throw AttributeValueError(path: "fingerprint", reason: "missing or not a string")
        }
        guard let org = item["organizationId"]?.stringValue else {
            throw AttributeValueError(path: "organizationId", reason: "missing or not a string")
        }
        guard let tsText = item["timestamp"]?.numberText, let ts = Event.milliseconds(tsText) else {
            throw AttributeValueError(path: "timestamp", reason: "missing or not an integer number")
        }
        fingerprint = fp
        organizationId = org
        timestamp = ts
        sortKey = item["SK"]?.stringValue ?? "EVENT#\(ts)"
        userId = item["user_id"]?.stringValue
        domainprint = item["domainprint"]?.stringValue
        domain = item["domain"]?.stringValue
        eventType = item["event_type"]?.stringValue
        ip = item["ip"]?.stringValue
        country = item["country"]?.stringValue
        city = item["city"]?.stringValue
        latitudeText = item["latitude"]?.numberText
        longitudeText = item["longitude"]?.numberText
        latitude = latitudeText.flatMap(Double.init).flatMap { $0.isFinite && abs($0) <= 90 ? $0 : nil }
        longitude = longitudeText.flatMap(Double.init).flatMap { $0.isFinite && abs($0) <= 180 ? $0 : nil }
        if latitude == nil { latitudeText = nil }
        if longitude == nil { longitudeText = nil }
        riskScoreText = item["risk_score"]?.numberText
        riskScore = riskScoreText.flatMap(Double.init).flatMap { $0.isFinite ? $0 : nil }
        if riskScore == nil { riskScoreText = nil }
        switch item["signals"] {
        case .ss(let s)?: signals = s
        case .l(let l)?: signals = l.compactMap(\.stringValue)
        default: signals = []
        }
        utmSource = item["utm_source"]?.stringValue
        utmMedium = item["utm_medium"]?.stringValue
        utmCampaign = item["utm_campaign"]?.stringValue
        revenueText = item["revenue"]?.numberText.flatMap { Double($0)?.isFinite == true ? $0 : nil }
        sessionId = item["session_id"]?.stringValue
        self.item = item
    }

    /// `timestamp` as integral epoch milliseconds (`1700000000000`, `1700000000000.0`).
    static func milliseconds(_ text: String) -> Int64? {
        guard let literal = JSONNumber.literal(decimal: text) else { return nil }
        return Int64(literal)
    }

    /// The event as a response shows it: the item without `PK` and `SK`, unwrapped.
    public var responseJSON: JSONValue {
        var visible = item
        visible["PK"] = nil
        visible["SK"] = nil
        return visible.plain
    }

    /// True when the event came through an anonymising proxy (API.md §3).
    public var isProxied: Bool {
        signals.contains { $0 == "vpn" || $0 == "proxy" || $0 == "tor" }
    }

    /// The journey key of API.md §3: user id, else `dp:`+domainprint, else `fp:`+fingerprint.
    public var visitorKey: String {
        if let u = userId { return u }
        if let d = domainprint { return "dp:" + d }
        return "fp:" + fingerprint
    }
}

extension String {
    /// Ordering by Unicode code point (API.md §3), which UTF-8 byte order equals;
    /// Swift's own `<` compares canonical equivalents, which is not the contract's order.
    @inlinable
    public func precedesByCodePoint(_ other: String) -> Bool {
        self.utf8.lexicographicallyPrecedes(other.utf8)
    }
}

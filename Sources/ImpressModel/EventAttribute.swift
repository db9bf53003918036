/// The item attributes an `Event` reads (API.md §1). Every one but `signals` is also *held*:
/// when its typed value is one the event's field reproduces exactly, the event keeps only the
/// field and drops the attribute's text (`Event.otherAttributes` keeps the rest), so the
/// embedded store does not hold each event twice.
enum EventAttribute: Int, CaseIterable {
    case pk, sk, fingerprint, organizationId, timestamp, userId, domainprint, domain, eventType, ip, country, city
    case latitude, longitude, riskScore, signals, utmSource, utmMedium, utmCampaign, revenue, sessionId

    var name: String {
        switch self {
        case .pk: "PK"
        case .sk: "SK"
        case .fingerprint: "fingerprint"
        case .organizationId: "organizationId"
        case .timestamp: "timestamp"
        case .userId: "user_id"
        case .domainprint: "domainprint"
        case .domain: "domain"
        case .eventType: "event_type"
        case .ip: "ip"
        case .country: "country"
        case .city: "city"
        case .latitude: "latitude"
        case .longitude: "longitude"
        case .riskScore: "risk_score"
        case .signals: "signals"
        case .utmSource: "utm_source"
        case .utmMedium: "utm_medium"
        case .utmCampaign: "utm_campaign"
        case .revenue: "revenue"
        case .sessionId: "session_id"
        }
    }

    /// This attribute's bit in a set of them (`Event.held`).
    var bit: UInt32 { 1 << UInt32(rawValue) }

    private static let names: [(utf8: [UInt8], attribute: EventAttribute)] = allCases.map { (Array($0.name.utf8), $0) }

    /// The attribute with this (unescaped) name, if the event reads it.
    static func named(_ name: UnsafeBufferPointer<UInt8>) -> EventAttribute? {
        guard let first = name.first else { return nil }
        for candidate in names
        where candidate.utf8.count == name.count && candidate.utf8[0] == first && candidate.utf8.elementsEqual(name) {
            return candidate.attribute
        }
        return nil
    }
}

/// DynamoDB's ten type keys (`{"S": …}`), as the item decoder reads them.
enum AttributeType {
    case s, n, b, bool, null, ss, ns, bs, l, m

    static func named(_ name: UnsafeBufferPointer<UInt8>) -> AttributeType? {
        switch name.count {
        case 1:
            switch name[0] {
            case UInt8(ascii: "S"): return .s
            case UInt8(ascii: "N"): return .n
            case UInt8(ascii: "B"): return .b
            case UInt8(ascii: "L"): return .l
            case UInt8(ascii: "M"): return .m
            default: return nil
            }
        case 2:
            guard name[1] == UInt8(ascii: "S") else { return nil }
            switch name[0] {
            case UInt8(ascii: "S"): return .ss
            case UInt8(ascii: "N"): return .ns
            case UInt8(ascii: "B"): return .bs
            default: return nil
            }
        case 4:
            if name.elementsEqual("BOOL".utf8) { return .bool }
            if name.elementsEqual("NULL".utf8) { return .null }
            return nil
        default: return nil
        }
    }
}

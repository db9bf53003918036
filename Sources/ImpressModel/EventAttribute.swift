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

    /// The attribute with this (unescaped) name, if the event reads it: picked by length and
    /// a distinguishing byte, then compared whole (called for every attribute of every item).
    static func named(_ name: UnsafeBufferPointer<UInt8>) -> EventAttribute? {
        guard name.count >= 2 else { return nil }
        let candidate: EventAttribute?
        switch (name.count, name[0]) {
        case (2, UInt8(ascii: "P")): candidate = .pk
        case (2, UInt8(ascii: "S")): candidate = .sk
        case (2, UInt8(ascii: "i")): candidate = .ip
        case (4, _): candidate = .city
        case (6, _): candidate = .domain
        case (7, UInt8(ascii: "u")): candidate = .userId
        case (7, UInt8(ascii: "c")): candidate = .country
        case (7, UInt8(ascii: "s")): candidate = .signals
        case (7, UInt8(ascii: "r")): candidate = .revenue
        case (8, _): candidate = .latitude
        case (9, UInt8(ascii: "t")): candidate = .timestamp
        case (9, UInt8(ascii: "l")): candidate = .longitude
        case (10, UInt8(ascii: "e")): candidate = .eventType
        case (10, UInt8(ascii: "r")): candidate = .riskScore
        case (10, UInt8(ascii: "s")): candidate = .sessionId
        case (10, UInt8(ascii: "u")): candidate = name[4] == UInt8(ascii: "s") ? .utmSource : .utmMedium
        case (11, UInt8(ascii: "f")): candidate = .fingerprint
        case (11, UInt8(ascii: "d")): candidate = .domainprint
        case (12, _): candidate = .utmCampaign
        case (14, _): candidate = .organizationId
        default: candidate = nil
        }
        guard let candidate, candidate.name.utf8.withContiguousStorageIfAvailable(name.hasSameBytes) == true else {
            return nil
        }
        return candidate
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

extension UnsafeBufferPointer<UInt8> {
    /// Byte equality as one plain loop: the generic `elementsEqual` was a visible cost of
    /// matching every attribute name of every item.
    func hasSameBytes(as other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard count == other.count else { return false }
        for index in indices where self[index] != other[index] { return false }
        return true
    }
}

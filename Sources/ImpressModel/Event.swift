import ImpressJSON

/// One fingerprint event: the fields the analytics read, decoded once, plus the item's other
/// attributes as text for responses that list events (API.md §1). Decoded from an item's bytes
/// by `init(wire:)` (or from an `Item`), which refuses only what the contract requires
/// (`fingerprint`, `organizationId`, `timestamp`); every optional attribute may be missing or
/// of an unexpected type without an error.
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
    /// The item's attributes that the fields above do not reproduce exactly (`item` is both).
    public var otherAttributes: ItemText
    /// The `EventAttribute` bits of the item attributes the fields above reproduce exactly.
    var held: UInt32

    /// A blank event for the decoder to fill.
    init(fingerprint: String, organizationId: String, timestamp: Int64, sortKey: String) {
        self.fingerprint = fingerprint
        self.organizationId = organizationId
        self.timestamp = timestamp
        self.sortKey = sortKey
        signals = []
        otherAttributes = .empty
        held = 0
    }

    /// Decodes an item's DynamoDB-typed JSON (the whole of `bytes`, an embedded store's line).
    public init(wire bytes: UnsafeBufferPointer<UInt8>) throws(ItemDecodingError) {
        var scanner = JSONScanner(bytes: bytes, options: JSONParser.Options(rejectDuplicateKeys: true))
        let decoded: Result<Event, ItemDecodingError>
        do { decoded = .success(try ItemDecoder.event(&scanner, depth: 0)) } catch { decoded = .failure(error) }
        // Trailing bytes make the line invalid JSON, which is reported before what the item lacks.
        if case .failure(.json) = decoded {} else {
            do { try scanner.finish() } catch { throw .json(error) }
        }
        self = try decoded.get()
    }

    /// Decodes the item at the scanner's cursor, `depth` containers deep (a page's `Items`):
    /// on return the cursor is after the item, on success or after a non-JSON error.
    public init(scanning scanner: inout JSONScanner, depth: Int) throws(ItemDecodingError) {
        self = try ItemDecoder.event(&scanner, depth: depth)
    }

    /// An event from an item built in memory (tests, demo data), by the same decoder.
    public init(item: Item) throws(AttributeValueError) {
        let bytes = JSONWriter.bytes(item.wire)
        do {
            self = try bytes.withUnsafeBufferPointer { buffer in
                Result { () throws(ItemDecodingError) in try Event(wire: buffer) }
            }.get()
        } catch {
            switch error {
            case .attribute(let error): throw error
            case .json(let error): throw AttributeValueError(path: "", reason: error.description)  // too deep
            }
        }
    }

    /// `timestamp` as integral epoch milliseconds (`1700000000000`, `1700000000000.0`).
    static func milliseconds(_ text: String) -> Int64? {
        // Nearly every timestamp is written as plain digits: no need to take the text apart.
        if let plain = Int64(text), String(plain) == text { return plain }
        guard let literal = JSONNumber.literal(decimal: text) else { return nil }
        return Int64(literal)
    }

    /// The whole item as stored, `PK` and `SK` included: the other attributes with the held ones.
    public var item: Item {
        var item = otherAttributes.item
        for attribute in EventAttribute.allCases where held & attribute.bit != 0 {
            item[attribute.name] = heldValue(attribute)
        }
        return item
    }

    /// A held attribute's value, from its field.
    private func heldValue(_ attribute: EventAttribute) -> AttributeValue? {
        switch attribute {
        case .pk: return .s("FP#" + fingerprint)
        case .sk: return .s(sortKey)
        case .fingerprint: return .s(fingerprint)
        case .organizationId: return .s(organizationId)
        case .timestamp: return .n(String(timestamp))
        case .userId: return userId.map(AttributeValue.s)
        case .domainprint: return domainprint.map(AttributeValue.s)
        case .domain: return domain.map(AttributeValue.s)
        case .eventType: return eventType.map(AttributeValue.s)
        case .ip: return ip.map(AttributeValue.s)
        case .country: return country.map(AttributeValue.s)
        case .city: return city.map(AttributeValue.s)
        case .latitude: return latitudeText.map(AttributeValue.n)
        case .longitude: return longitudeText.map(AttributeValue.n)
        case .riskScore: return riskScoreText.map(AttributeValue.n)
        case .signals: return nil  // never held
        case .utmSource: return utmSource.map(AttributeValue.s)
        case .utmMedium: return utmMedium.map(AttributeValue.s)
        case .utmCampaign: return utmCampaign.map(AttributeValue.s)
        case .revenue: return revenueText.map(AttributeValue.n)
        case .sessionId: return sessionId.map(AttributeValue.s)
        }
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

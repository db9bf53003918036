import ImpressJSON

/// Decodes one DynamoDB-typed item straight from its bytes into an `Event`, in one pass: the
/// attributes the event reads become its fields (`N` texts kept exactly), the others are
/// validated and kept as text (`Event.otherAttributes`). No tree of the item is built.
///
/// It accepts exactly what the general decoders accept (`JSONParser` refusing duplicate
/// names, then `Item(wire:)`, then the event's required fields), and when it refuses an item
/// it asks them why, so the error is the one they give: a JSON error anywhere first, then the
/// first bad attribute, then a missing required field.
struct ItemDecoder {
    private var scanner: JSONScanner
    /// Nesting depth of the item's object in its document (a page nests items in `Items`).
    private let depth: Int
    private var event = Event(fingerprint: "", organizationId: "", timestamp: 0, sortKey: "")
    /// Attributes the event reads that the item has (duplicates are refused by name).
    private var present: UInt32 = 0
    private var timestampIsIntegral = false
    /// `PK` is held only when it is `FP#` + the fingerprint, known only at the end.
    private var partitionKey: (text: String, member: Range<Int>)?
    private var otherNames = MemberNames()
    private var other: [UInt8] = []

    /// Why the fast path stopped: the general decoders name the error.
    private struct Refused: Error {}

    /// What a typed value was, as far as the event needs to know.
    private enum Typed {
        case string(JSONString)
        case number(String)
        case strings([String])
        case other
    }

    /// The item at the scanner's cursor (after any whitespace), `depth` containers deep; on
    /// return the cursor is after the item, on success or after an attribute error, so a
    /// page's next item can be read.
    static func event(_ scanner: inout JSONScanner, depth: Int) throws(ItemDecodingError) -> Event {
        // Refusing duplicate names is part of the item rule, whatever the document's options.
        var strict = JSONScanner(
            bytes: scanner.bytes, options: .init(rejectDuplicateKeys: true, maxDepth: scanner.options.maxDepth),
            index: scanner.index)
        strict.skipWhitespace()
        var decoder = ItemDecoder(scanner: strict, depth: depth)
        do {
            let event = try decoder.decode()
            scanner.index = decoder.scanner.index
            return event
        } catch let error as AttributeValueError {
            scanner.index = try validated(strict, depth: depth)
            throw .attribute(error)
        } catch {
            scanner.index = try validated(strict, depth: depth)
            throw .attribute(Self.explain(strict, depth: depth))
        }
    }

    /// Where the item at `start`'s cursor ends, or the JSON error in it.
    private static func validated(_ start: JSONScanner, depth: Int) throws(ItemDecodingError) -> Int {
        var check = start
        do { _ = try check.value(depth: depth) } catch { throw .json(error) }
        return check.index
    }

    /// The general decoder's error for the item at `start`'s cursor, valid JSON.
    private static func explain(_ start: JSONScanner, depth: Int) -> AttributeValueError {
        var general = start
        do {
            _ = try Item(wire: try general.value(depth: depth))
        } catch let error as AttributeValueError {
            return error
        } catch {}
        // Not reached while both decoders agree (the tests and the fuzz harness check they do).
        return AttributeValueError(path: "", reason: "not a valid item")
    }

    private init(scanner: JSONScanner, depth: Int) {
        self.scanner = scanner
        self.depth = depth
        // Room for the few attributes no field holds (browser, device, …) without regrowing.
        other.reserveCapacity(256)
        other.append(UInt8(ascii: "{"))
    }

    private mutating func decode() throws -> Event {
        try scanner.checkDepth(depth)
        guard scanner.peek == UInt8(ascii: "{") else { throw AttributeValueError(path: "", reason: "expected an object") }
        if scanner.beginObject() {
            repeat { try member() } while try scanner.nextMember()
        }
        return try finish()
    }

    /// One attribute: its name, its typed value, and where the value goes.
    private mutating func member() throws {
        scanner.skipWhitespace()
        let start = scanner.index
        let name = try scanner.memberName()
        let attribute = name.escaped
            ? Array(scanner.text(name).utf8).withUnsafeBufferPointer(EventAttribute.named)
            : EventAttribute.named(scanner.slice(name.content))
        if let attribute {
            guard present & attribute.bit == 0 else { throw Refused() }
            present |= attribute.bit
        } else {
            guard otherNames.insert(name, of: scanner) else { throw Refused() }
        }
        let value = try typedValue(depth: depth + 1, collecting: attribute == .signals)
        let member = start..<scanner.index
        if let attribute, hold(attribute, value, member: member) {
            event.held |= attribute.bit
        } else {
            keep(member)
        }
    }

    /// Keeps a member's text in the event's other attributes.
    private mutating func keep(_ member: Range<Int>) {
        if other.count > 1 { other.append(UInt8(ascii: ",")) }
        other.append(contentsOf: scanner.slice(member))
    }

    /// Keeps the value in the event's field; true when the field reproduces it exactly.
    private mutating func hold(_ attribute: EventAttribute, _ value: Typed, member: Range<Int>) -> Bool {
        switch (attribute, value) {
        case (.pk, .string(let s)):
            partitionKey = (scanner.text(s), member)
            return true  // decided in `finish`
        case (.sk, .string(let s)): event.sortKey = scanner.text(s)
        case (.fingerprint, .string(let s)): event.fingerprint = scanner.text(s)
        case (.organizationId, .string(let s)): event.organizationId = scanner.text(s)
        case (.timestamp, .number(let text)):
            guard let ms = Event.milliseconds(text) else { return false }
            event.timestamp = ms
            timestampIsIntegral = true
            return String(ms) == text
        case (.userId, .string(let s)): event.userId = scanner.text(s)
        case (.domainprint, .string(let s)): event.domainprint = scanner.text(s)
        case (.domain, .string(let s)): event.domain = scanner.text(s)
        case (.eventType, .string(let s)): event.eventType = scanner.text(s)
        case (.ip, .string(let s)): event.ip = scanner.text(s)
        case (.country, .string(let s)): event.country = scanner.text(s)
        case (.city, .string(let s)): event.city = scanner.text(s)
        case (.utmSource, .string(let s)): event.utmSource = scanner.text(s)
        case (.utmMedium, .string(let s)): event.utmMedium = scanner.text(s)
        case (.utmCampaign, .string(let s)): event.utmCampaign = scanner.text(s)
        case (.sessionId, .string(let s)): event.sessionId = scanner.text(s)
        case (.latitude, .number(let text)):
            guard let degrees = Double(text), degrees.isFinite, abs(degrees) <= 90 else { return false }
            (event.latitude, event.latitudeText) = (degrees, text)
        case (.longitude, .number(let text)):
            guard let degrees = Double(text), degrees.isFinite, abs(degrees) <= 180 else { return false }
            (event.longitude, event.longitudeText) = (degrees, text)
        case (.riskScore, .number(let text)):
            guard let score = Double(text), score.isFinite else { return false }
            (event.riskScore, event.riskScoreText) = (score, text)
        case (.revenue, .number(let text)):
            guard Double(text)?.isFinite == true else { return false }
            event.revenueText = text
        case (.signals, .strings(let list)):
            event.signals = list
            return false  // SS or L, and an L may hold more than strings: kept as it was
        default:
            return false
        }
        return true
    }

    /// The required fields (API.md §1), then the event.
    private mutating func finish() throws -> Event {
        guard holds(.fingerprint) else {
            throw AttributeValueError(path: "fingerprint", reason: "missing or not a string")
        }
        guard holds(.organizationId) else {
            throw AttributeValueError(path: "organizationId", reason: "missing or not a string")
        }
        guard timestampIsIntegral else {
            throw AttributeValueError(path: "timestamp", reason: "missing or not an integer number")
        }
        if !holds(.sk) { event.sortKey = "EVENT#\(event.timestamp)" }
        if let pk = partitionKey, pk.text != "FP#" + event.fingerprint {
            event.held &= ~EventAttribute.pk.bit
            keep(pk.member)
        }
        other.append(UInt8(ascii: "}"))
        event.otherAttributes = other.count == 2 ? .empty : ItemText(bytes: other)
        return event
    }

    private func holds(_ attribute: EventAttribute) -> Bool { event.held & attribute.bit != 0 }

    /// A typed value (`{"S": …}`) at `depth`; `collecting` asks for the strings of an SS or L.
    private mutating func typedValue(depth: Int, collecting: Bool) throws -> Typed {
        try scanner.checkDepth(depth)
        guard scanner.peek == UInt8(ascii: "{"), scanner.beginObject() else { throw Refused() }
        let name = try scanner.memberName()
        let type = name.escaped
            ? Array(scanner.text(name).utf8).withUnsafeBufferPointer(AttributeType.named)
            : AttributeType.named(scanner.slice(name.content))
        guard let type else { throw Refused() }
        let payload = depth + 1
        try scanner.checkDepth(payload)
        let value: Typed
        switch type {
        case .s: value = .string(try string())
        case .b: _ = try string(); value = .other
        case .n:
            let text = scanner.text(try string())
            guard JSONNumber.isDecimal(text) else { throw Refused() }
            value = .number(text)
        case .bool:
            switch scanner.peek {
            case UInt8(ascii: "t"): try scanner.expect("true")
            case UInt8(ascii: "f"): try scanner.expect("false")
            default: throw Refused()
            }
            value = .other
        case .null:
            _ = try scanner.value(depth: payload)
            value = .other
        case .ss, .bs, .ns:
            var strings: [String] = []
            try elements(depth: payload) { (decoder: inout ItemDecoder) throws in
                try decoder.scanner.checkDepth(payload + 1)
                let s = try decoder.string()
                if type == .ns {
                    guard JSONNumber.isDecimal(decoder.scanner.text(s)) else { throw Refused() }
                } else if collecting && type == .ss {
                    strings.append(decoder.scanner.text(s))
                }
            }
            value = collecting && type == .ss ? .strings(strings) : .other
        case .l:
            var strings: [String] = []
            try elements(depth: payload) { (decoder: inout ItemDecoder) throws in
                if case .string(let s) = try decoder.typedValue(depth: payload + 1, collecting: false), collecting {
                    strings.append(decoder.scanner.text(s))
                }
            }
            value = collecting ? .strings(strings) : .other
        case .m:
            guard scanner.peek == UInt8(ascii: "{") else { throw Refused() }
            var names = MemberNames()
            if scanner.beginObject() {
                repeat {
                    guard names.insert(try scanner.memberName(), of: scanner) else { throw Refused() }
                    _ = try typedValue(depth: payload + 1, collecting: false)
                } while try scanner.nextMember()
            }
            value = .other
        }
        guard try !scanner.nextMember() else { throw Refused() }  // exactly one type key
        return value
    }

    /// A string payload.
    private mutating func string() throws -> JSONString {
        guard scanner.peek == UInt8(ascii: "\"") else { throw Refused() }
        return try scanner.scanString()
    }

    /// Each element of an array payload.
    private mutating func elements(depth: Int, _ element: (inout ItemDecoder) throws -> Void) throws {
        guard scanner.peek == UInt8(ascii: "[") else { throw Refused() }
        guard scanner.beginArray() else { return }
        repeat { try element(&self) } while try scanner.nextElement()
    }
}

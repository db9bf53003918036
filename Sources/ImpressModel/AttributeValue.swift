import ImpressJSON

/// A DynamoDB attribute value in its ten types. Numbers keep their exact decimal text
/// end to end (API.md §1); binary values keep their base64 text, which is how the wire
/// and the JSON responses both carry them.
public indirect enum AttributeValue: Sendable, Equatable {
    case s(String)
    case n(String)
    case b(String)
    case bool(Bool)
    case null
    case ss([String])
    case ns([String])
    case bs([String])
    case l([AttributeValue])
    case m([String: AttributeValue])
}

/// One table item: attribute name → value.
public typealias Item = [String: AttributeValue]

public struct AttributeValueError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    public var description: String { "attribute \(path): \(reason)" }
}

extension AttributeValue {
    /// Decodes DynamoDB's typed JSON form (`{"S": "x"}`, `{"N": "1"}`, …).
    public init(wire json: JSONValue, path: String = "") throws(AttributeValueError) {
        guard case .object(let members) = json, members.count == 1, let (type, v) = members.first.map({ ($0.key, $0.value) })
        else { throw AttributeValueError(path: path, reason: "expected an object with exactly one type key") }
        func string() throws(AttributeValueError) -> String {
            guard let s = v.stringValue else { throw AttributeValueError(path: path, reason: "\(type) needs a string") }
            return s
        }
        func strings() throws(AttributeValueError) -> [String] {
            guard let a = v.arrayValue else { throw AttributeValueError(path: path, reason: "\(type) needs an array") }
            var out: [String] = []
            out.reserveCapacity(a.count)
            for e in a {
                guard let s = e.stringValue else { throw AttributeValueError(path: path, reason: "\(type) needs strings") }
                out.append(s)
            }
            return out
        }
        switch type {
        case "S": self = .s(try string())
        case "N":
            let n = try string()
            guard JSONNumber.isDecimal(n) else { throw AttributeValueError(path: path, reason: "N is not a number") }
            self = .n(n)
        case "B": self = .b(try string())
        case "BOOL":
            guard let b = v.boolValue else { throw AttributeValueError(path: path, reason: "BOOL needs true or false") }
            self = .bool(b)
        case "NULL": self = .null
        case "SS": self = .ss(try strings())
        case "NS":
            let ns = try strings()
            guard ns.allSatisfy(JSONNumber.isDecimal) else {
                throw AttributeValueError(path: path, reason: "NS holds a non-number")
            }
            self = .ns(ns)
        case "BS": self = .bs(try strings())
        case "L":
            guard let a = v.arrayValue else { throw AttributeValueError(path: path, reason: "L needs an array") }
            var out: [AttributeValue] = []
            out.reserveCapacity(a.count)
            for (i, e) in a.enumerated() { out.append(try AttributeValue(wire: e, path: "\(path)[\(i)]")) }
            self = .l(out)
        case "M":
            self = .m(try Item(wire: v, path: path))
        default:
            throw AttributeValueError(path: path, reason: "unknown type \(type)")
        }
    }

    /// DynamoDB's typed JSON form.
    public var wire: JSONValue {
        switch self {
        case .s(let s): return .object([("S", .string(s))])
        case .n(let n): return .object([("N", .string(n))])
        case .b(let b): return .object([("B", .string(b))])
        case .bool(let b): return .object([("BOOL", .bool(b))])
        case .null: return .object([("NULL", .bool(true))])
        case .ss(let a): return .object([("SS", .strings(a))])
        case .ns(let a): return .object([("NS", .strings(a))])
        case .bs(let a): return .object([("BS", .strings(a))])
        case .l(let a): return .object([("L", .array(a.map(\.wire)))])
        case .m(let m): return .object([("M", m.wire)])
        }
    }

    /// The plain JSON a response carries (API.md §1 "Events in responses"): numbers by the
    /// DecimalEncoder rule, map keys sorted so both stores give identical bytes.
    public var plain: JSONValue {
        switch self {
        case .s(let s): return .string(s)
        case .n(let n): return .number(JSONNumber.literal(decimal: n) ?? "0")
        case .b(let b): return .string(b)
        case .bool(let b): return .bool(b)
        case .null: return .null
        // Sets have no order in DynamoDB (and a real table may return members in any order):
        // they are written sorted, so both stores and every read give the same bytes.
        case .ss(let a), .bs(let a): return .strings(a.sorted { $0.precedesByCodePoint($1) })
        case .ns(let a):
            let numbers = a.map { (text: $0, value: Double($0) ?? 0) }.sorted {
                $0.value != $1.value ? $0.value < $1.value : $0.text.precedesByCodePoint($1.text)
            }
            return .array(numbers.map { .number(JSONNumber.literal(decimal: $0.text) ?? "0") })
        case .l(let a): return .array(a.map(\.plain))
        case .m(let m): return m.plain
        }
    }

    public var stringValue: String? {
        if case .s(let s) = self { return s }
        return nil
    }

    public var numberText: String? {
        if case .n(let n) = self { return n }
        return nil
    }
}

extension Item {
    /// Decodes an item (`{"name": {"S": …}, …}`); `path` prefixes attribute names in errors.
    public init(wire json: JSONValue, path: String = "") throws(AttributeValueError) {
        guard case .object(let members) = json else { throw AttributeValueError(path: path, reason: "expected an object") }
        var item: Item = [:]
        item.reserveCapacity(members.count)
        for (name, value) in members {
            item[name] = try AttributeValue(wire: value, path: path.isEmpty ? name : "\(path).\(name)")
        }
        self = item
    }

    public var wire: JSONValue {
        .object(keys.sorted().compactMap { k in self[k].map { (k, $0.wire) } })
    }

    public var plain: JSONValue {
        .object(keys.sorted().compactMap { k in self[k].map { (k, $0.plain) } })
    }
}

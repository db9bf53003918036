/// A JSON document as a value. Numbers keep their exact text, so a 38-digit DynamoDB `N`
/// never passes through `Double`; objects keep their members in order, so encoding is
/// deterministic and duplicate names can be detected (RFC 8725 §3.1 wants them refused).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number literal as it appeared (or will appear) in the document: valid JSON number grammar.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }
}

extension JSONValue {
    /// The first member named `key` of an object; nil for other kinds.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first(where: { $0.key == key })?.value
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var objectValue: [(key: String, value: JSONValue)]? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The number's text, for callers that keep exact decimals.
    public var numberText: String? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// The number as a Double (may round); nil for non-numbers.
    public var doubleValue: Double? {
        if case .number(let n) = self { return Double(n) }
        return nil
    }

    /// The number as an Int64 when it is an integer literal that fits; nil otherwise.
    public var int64Value: Int64? {
        if case .number(let n) = self { return Int64(n) }
        return nil
    }
}

extension JSONValue {
    /// A number value from an integer.
    public static func int<T: BinaryInteger>(_ value: T) -> JSONValue { .number(String(value)) }

    /// An optional string, `null` when absent.
    public static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    /// An array of strings.
    public static func strings<S: Sequence>(_ values: S) -> JSONValue where S.Element == String {
        .array(values.map(JSONValue.string))
    }
}

import ImpressHTTP
import ImpressModel

/// The query parameters of API.md §3, validated: a bad value is a `400 invalid_parameter`
/// that names the parameter; unknown parameters are ignored.
public struct QueryParameters: Sendable {
    /// Default window length when `from` is absent: 30 days.
    public static let defaultSpanMs: Int64 = 30 * 24 * 3600 * 1000
    public static let defaultLimit = 50
    public static let limitRange = 1...500

    private let values: [String: String]

    public init(_ values: [String: String]) { self.values = values }

    public subscript(name: String) -> String? { values[name] }

    /// `from`/`to` (epoch ms or ISO 8601), inclusive; `to` defaults to now and `from` to
    /// 30 days before `to`; `from` after `to` is refused.
    public func window(now: Int64) throws(APIError) -> TimeWindow {
        let to = try timestamp("to") ?? now
        // A `to` near the far past must not overflow the default span.
        let from = try timestamp("from") ?? to.subtractingReportingOverflow(Self.defaultSpanMs).partialValue.clampedBelow(to)
        guard from <= to else { throw .invalidParameter("from", "must not be after 'to'") }
        return TimeWindow(from: from, to: to)
    }

    /// A value of an enumerated parameter, or `defaultValue` when absent.
    public func enumerated<Value: RawRepresentable & CaseIterable>(
        _ name: String, default defaultValue: Value
    ) throws(APIError) -> Value where Value.RawValue == String {
        try optionalEnumerated(name) ?? defaultValue
    }

    public func optionalEnumerated<Value: RawRepresentable & CaseIterable>(
        _ name: String
    ) throws(APIError) -> Value? where Value.RawValue == String {
        guard let text = values[name] else { return nil }
        guard let value = Value(rawValue: text) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw .invalidParameter(name, "expected one of \(allowed)")
        }
        return value
    }

    /// A boolean: exactly `true` or `false`.
    public func bool(_ name: String, default defaultValue: Bool) throws(APIError) -> Bool {
        switch values[name] {
        case nil: return defaultValue
        case "true": return true
        case "false": return false
        default: throw .invalidParameter(name, "expected true or false")
        }
    }

    /// The window and the page of a list. `binding` names the list and its order (route, id,
    /// sort, filters); a cursor only continues the list it came from, in the window it came
    /// from, so paging stays stable even while `to` defaults to a moving "now".
    public func pageRequest(binding: String, now: Int64) throws(APIError) -> PageRequest {
        let limit = try self.limit()
        guard let text = values["cursor"] else {
            return PageRequest(window: try window(now: now), offset: 0, limit: limit, binding: binding)
        }
        guard let cursor = PageCursor(encoded: text) else { throw .invalidParameter("cursor", "does not decode") }
        guard cursor.binding == PageCursor.fingerprint(of: binding) else {
            throw .invalidParameter("cursor", "belongs to another list or order")
        }
        if values["from"] != nil || values["to"] != nil {
            guard try window(now: now) == cursor.window else {
                throw .invalidParameter("cursor", "belongs to another window")
            }
        }
        return PageRequest(window: cursor.window, offset: cursor.offset, limit: limit, binding: binding)
    }

    private func limit() throws(APIError) -> Int {
        try integer("limit", default: Self.defaultLimit, range: Self.limitRange)
    }

    /// A whole number within `range`, or `defaultValue` when absent.
    public func integer(_ name: String, default defaultValue: Int, range: ClosedRange<Int>) throws(APIError) -> Int {
        guard let text = values[name] else { return defaultValue }
        guard let value = Self.decimal(text), range.contains(value) else {
            let upper = range.upperBound == Int.max ? "" : " to \(range.upperBound)"
            throw .invalidParameter(name, "expected an integer from \(range.lowerBound)\(upper)")
        }
        return value
    }

    private func timestamp(_ name: String) throws(APIError) -> Int64? {
        guard let text = values[name] else { return nil }
        guard let ms = TimestampParser.milliseconds(text) else {
            throw .invalidParameter(name, "expected epoch milliseconds or an ISO 8601 date-time")
        }
        return ms
    }

    /// ASCII digits only (no sign, no spaces), at most 9 of them.
    static func decimal(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 9, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(text)
    }
}

extension Int64 {
    /// `self`, or `limit` when `self` is above it (an overflowed subtraction wraps upwards).
    fileprivate func clampedBelow(_ limit: Int64) -> Int64 { self > limit ? Int64.min : self }
}

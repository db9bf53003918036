/// A request as the API sees it, built by the server from FastCGI params (CGI/1.1, RFC 3875).
public struct HTTPRequest: Sendable {
    /// `REQUEST_METHOD`, upper case as sent.
    public var method: String
    /// The path part of `REQUEST_URI`, still percent-encoded: segments are decoded one by
    /// one when routing, so `/users/a%2Fb` names user `a/b`.
    public var path: String
    /// `QUERY_STRING`, raw.
    public var queryString: String
    /// Header fields, read by `header(_:)`.
    public var headerFields: HTTPHeaderFields
    /// From `REQUEST_ID`/`HTTP_X_REQUEST_ID` when the web server passes one, else generated.
    public var requestId: String
    /// `REMOTE_ADDR`, for logs.
    public var remoteAddress: String?

    public init(
        method: String, path: String, queryString: String = "", headers: [String: String] = [:],
        requestId: String, remoteAddress: String? = nil
    ) {
        self.init(
            method: method, path: path, queryString: queryString, headerFields: HTTPHeaderFields(headers),
            requestId: requestId, remoteAddress: remoteAddress)
    }

    public init(
        method: String, path: String, queryString: String = "", headerFields: HTTPHeaderFields, requestId: String,
        remoteAddress: String? = nil
    ) {
        self.method = method
        self.path = path
        self.queryString = queryString
        self.headerFields = headerFields
        self.requestId = requestId
        self.remoteAddress = remoteAddress
    }

    /// Header fields with lower-case names (`HTTP_X_ORGANIZATION_ID` → `x-organization-id`),
    /// all made into Strings: for tests; the API asks `header(_:)` for the few it reads.
    public var headers: [String: String] {
        get { headerFields.dictionary }
        set { headerFields = HTTPHeaderFields(newValue) }
    }

    public func header(_ name: String) -> String? { headerFields.value(named: name) }

    /// The query parameters, `+` as space and percent-decoded; the last of repeated names wins.
    /// A value that does not decode (a bad `%` escape, not UTF-8) is kept as sent, so the
    /// parameter's own validation refuses it with a 400 naming it rather than reading it as
    /// absent; a name that does not decode names no parameter we know and is skipped.
    public var query: [String: String] {
        var out: [String: String] = [:]
        for pair in queryString.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let rawName = parts.first,
                let name = PercentDecoding.decode(String(rawName), plusAsSpace: true)
            else { continue }
            let rawValue = parts.count > 1 ? String(parts[1]) : ""
            out[name] = PercentDecoding.decode(rawValue, plusAsSpace: true) ?? rawValue
        }
        return out
    }
}

public enum PercentDecoding {
    /// Decodes `%XX` escapes; nil when an escape is malformed or the result is not UTF-8.
    public static func decode(_ text: String, plusAsSpace: Bool = false) -> String? {
        if !text.utf8.contains(UInt8(ascii: "%")) && !(plusAsSpace && text.utf8.contains(UInt8(ascii: "+"))) {
            return text
        }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var it = text.utf8.makeIterator()
        while let b = it.next() {
            if b == UInt8(ascii: "%") {
                guard let h = it.next().flatMap(hexValue), let l = it.next().flatMap(hexValue) else { return nil }
                out.append(h << 4 | l)
            } else if plusAsSpace && b == UInt8(ascii: "+") {
                out.append(0x20)
            } else {
                out.append(b)
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

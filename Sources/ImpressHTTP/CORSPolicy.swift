/// CORS as API.md §3 states it; nginx's edge `map` answers preflights from the same list.
public struct CORSPolicy: Sendable {
    public static let defaultOrigins = ["https://getimpress.io", "https://www.getimpress.io", "http://localhost:3000"]
    public static let allowMethods = "GET, OPTIONS"
    public static let allowHeaders = "Authorization, Content-Type, x-organization-id"
    public static let maxAge = "600"

    public let allowedOrigins: [String]

    public init(allowedOrigins: [String] = CORSPolicy.defaultOrigins) {
        self.allowedOrigins = allowedOrigins.isEmpty ? CORSPolicy.defaultOrigins : allowedOrigins
    }

    /// The origin to allow: the request's when listed, else the first listed.
    public func allowOrigin(for requestOrigin: String?) -> String {
        if let o = requestOrigin, allowedOrigins.contains(o) { return o }
        return allowedOrigins[0]
    }

    /// Adds the headers every response carries.
    public func apply(to response: inout HTTPResponse, requestOrigin: String?) {
        response.setHeader("Access-Control-Allow-Origin", allowOrigin(for: requestOrigin))
        response.setHeader("Vary", "Origin")
    }

    /// The `204` answer to any `OPTIONS`.
    public func preflight(requestOrigin: String?) -> HTTPResponse {
        var r = HTTPResponse(status: 204)
        apply(to: &r, requestOrigin: requestOrigin)
        r.setHeader("Access-Control-Allow-Methods", CORSPolicy.allowMethods)
        r.setHeader("Access-Control-Allow-Headers", CORSPolicy.allowHeaders)
        r.setHeader("Access-Control-Max-Age", CORSPolicy.maxAge)
        return r
    }
}

import ImpressJSON

/// A response before it becomes CGI headers and FastCGI `STDOUT` records.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// In order; names as they are sent.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func json(_ status: Int, _ value: JSONValue) -> HTTPResponse {
        json(status, body: JSONWriter.bytes(value))
    }

    /// A JSON body already written (a route's `JSONOutput`).
    public static func json(_ status: Int, body: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")], body: body)
    }

    public func header(_ name: String) -> String? {
        headers.first(where: { $0.name.equalsIgnoringASCIICase(name) })?.value
    }

    /// Sets a header, replacing any of the same name.
    public mutating func setHeader(_ name: String, _ value: String) {
        headers.removeAll { $0.name.equalsIgnoringASCIICase(name) }
        headers.append((name, value))
    }

    /// The reason phrase for the CGI `Status:` line.
    public static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 204: return "No Content"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 413: return "Content Too Large"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return "Status"
        }
    }
}

/// Answers requests. The server calls `respond` on a worker thread; `reject` turns an
/// error the server itself detects (overload, oversized body, timeout) into a response with
/// the same shape and headers as the API's own errors.
///
/// `immediateResponse` is asked first, on the server's I/O thread: it answers what needs no
/// waiting (no store read, no key fetch, no signature check: preflights, refused methods,
/// unknown paths, a recent health state) or returns nil, and the request goes to a worker.
/// Answering there saves the hand-off (two thread wake-ups) that would cost more than the answer.
public protocol Responder: Sendable {
    func respond(to request: HTTPRequest) -> HTTPResponse
    func reject(_ request: HTTPRequest, with error: APIError) -> HTTPResponse
    /// Must never block nor run long: every connection waits on the thread that calls it.
    func immediateResponse(to request: HTTPRequest) -> HTTPResponse?
}

extension Responder {
    /// By default every request goes to a worker.
    public func immediateResponse(to request: HTTPRequest) -> HTTPResponse? { nil }
}

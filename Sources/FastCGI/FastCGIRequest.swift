/// A responder request whose params and stdin have both ended (§6.2), ready to answer.
public struct FastCGIRequest: Sendable, Equatable {
    /// Why the request is answered with an error instead of being served.
    public enum Refusal: Sendable, Equatable {
        /// `PARAMS` passed `maxParamsBytes`; the params were dropped.
        case paramsTooLarge
        /// `STDIN` passed `maxBodyBytes`; the body was drained and ignored.
        case bodyTooLarge
    }

    public var id: UInt16
    /// `FCGI_KEEP_CONN` (§5.1): the connection stays open after this request.
    public var keepConnection: Bool
    /// The `PARAMS` stream as received: name-value pairs (§3.4) already checked to decode.
    /// Kept as bytes: the server decodes only the variables it uses (`forEachParam`), not
    /// all of nginx's into a dictionary on every request.
    public var paramsBytes: [UInt8]
    /// Bytes of `STDIN` received (the API is GET-only, so they are counted, not kept).
    public var bodyLength: Int
    public var refusal: Refusal?

    /// `params`: encoded into `paramsBytes`.
    public init(
        id: UInt16, keepConnection: Bool, params: [String: String], bodyLength: Int = 0, refusal: Refusal? = nil
    ) {
        self.init(
            id: id, keepConnection: keepConnection, paramsBytes: NameValuePairs.encode(params.map { ($0.key, $0.value) }),
            bodyLength: bodyLength, refusal: refusal)
    }

    /// `paramsBytes` must have passed `NameValuePairs.forEachPair` without a throw.
    init(id: UInt16, keepConnection: Bool, paramsBytes: [UInt8], bodyLength: Int, refusal: Refusal?) {
        self.id = id
        self.keepConnection = keepConnection
        self.paramsBytes = paramsBytes
        self.bodyLength = bodyLength
        self.refusal = refusal
    }

    /// CGI/1.1 variables; for a name sent twice the last value wins. Bytes that are not UTF-8
    /// are replaced, as CGI variables are text.
    public var params: [String: String] {
        var out: [String: String] = [:]
        forEachParam { out[String(decoding: $0, as: UTF8.self)] = String(decoding: $1, as: UTF8.self) }
        return out
    }

    /// Each variable as sent, in order, as byte slices.
    public func forEachParam(_ body: (_ name: ArraySlice<UInt8>, _ value: ArraySlice<UInt8>) -> Void) {
        // The bytes were checked when the request completed: this walk does not throw.
        try? NameValuePairs.forEachPair(in: paramsBytes[...], body)
    }

    /// Equal when they carry the same variables, whatever their order on the wire.
    public static func == (a: FastCGIRequest, b: FastCGIRequest) -> Bool {
        a.id == b.id && a.keepConnection == b.keepConnection && a.bodyLength == b.bodyLength && a.refusal == b.refusal
            && a.params == b.params
    }
}

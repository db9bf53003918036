/// What came back: the final status, its headers (names lower-cased), and the raw body
/// (no content decoding is asked for, so checksums over the body hold).
public struct HTTPClientResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The header's value; `name` must be lower-case.
    public func header(_ name: String) -> String? { headers[name] }
}

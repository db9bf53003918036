import ImpressHTTP

/// A request path with the base path stripped, split into segments still percent-encoded.
/// A trailing slash is tolerated (`/users/` is `/users`); an empty segment elsewhere
/// (`/users//x`) names nothing.
struct RequestPath {
    let rawSegments: [Substring]

    /// Nil when the path is not under `basePath` (so nothing there is ours: `404`).
    /// Split on the UTF-8 bytes (a `/` is one byte, never inside another character's):
    /// splitting by `Character` was most of the cost of routing.
    init?(_ path: String, basePath: String) {
        var base = basePath.utf8[...]
        if base.last == UInt8(ascii: "/") { base = base.dropLast() }
        var rest = path.utf8[...]
        if !base.isEmpty {
            guard rest.starts(with: base) else { return nil }
            rest = rest.dropFirst(base.count)
            guard rest.isEmpty || rest.first == UInt8(ascii: "/") else { return nil }
        }
        var segments = rest.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map(Substring.init)
        if segments.first == "" { segments.removeFirst() }
        if segments.count > 1, segments.last == "" { segments.removeLast() }
        rawSegments = segments
    }

    /// Each segment percent-decoded on its own, so `/users/a%2Fb` names user `a/b`.
    /// A segment that does not decode (bad `%` escape, not UTF-8) is a `400`.
    func decodedSegments() throws(APIError) -> [String] {
        var out: [String] = []
        out.reserveCapacity(rawSegments.count)
        for raw in rawSegments {
            guard let decoded = PercentDecoding.decode(String(raw)) else {
                throw APIError(.invalidParameter, "The path has a segment that does not percent-decode to UTF-8")
            }
            out.append(decoded)
        }
        return out
    }
}

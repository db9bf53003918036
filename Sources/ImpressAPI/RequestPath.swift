import ImpressHTTP

/// A request path with the base path stripped, split into segments still percent-encoded.
/// A trailing slash is tolerated (`/users/` is `/users`); an empty segment elsewhere
/// (`/users//x`) names nothing.
struct RequestPath {
    let rawSegments: [Substring]

    /// Nil when the path is not under `basePath` (so nothing there is ours: `404`).
    init?(_ path: String, basePath: String) {
        let base = basePath.hasSuffix("/") ? String(basePath.dropLast()) : basePath
        var rest = Substring(path)
        if !base.isEmpty {
            guard rest.hasPrefix(base) else { return nil }
            rest = rest.dropFirst(base.count)
            guard rest.isEmpty || rest.hasPrefix("/") else { return nil }
        }
        var segments = rest.split(separator: "/", omittingEmptySubsequences: false)
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

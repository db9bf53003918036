/// The credentials of `Authorization: Bearer <token>` (RFC 6750 §2.1, RFC 7235 §2.1: the
/// scheme is case-insensitive; one space, then a single token).
enum BearerToken {
    static func extract(from authorization: String?) throws(AuthError) -> String {
        guard let authorization else { throw .missingBearer }
        let field = authorization.trimmingOWS
        guard let space = field.firstIndex(of: " ") else {
            throw field.lowercased() == "bearer" ? .malformed : .missingBearer
        }
        guard field[..<space].lowercased() == "bearer" else { throw .missingBearer }
        let token = field[field.index(after: space)...]
        guard !token.isEmpty, !token.contains(where: { $0 == " " || $0 == "\t" }) else { throw .malformed }
        return String(token)
    }
}

extension String {
    /// Without the optional whitespace (SP, HTAB) HTTP allows around a field value.
    fileprivate var trimmingOWS: Substring {
        let isOWS: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isOWS($0) }), let last = lastIndex(where: { !isOWS($0) }) else { return "" }
        return self[first...last]
    }
}

import ImpressHTTP

/// The credentials of `Authorization: Bearer <token>` (RFC 6750 §2.1, RFC 7235 §2.1: the
/// scheme is case-insensitive; one space, then a single token). Scanned as UTF-8 bytes: walking
/// an 800-byte token by Characters was the most of authorizing a cached token.
enum BearerToken {
    static func extract(from authorization: String?) throws(AuthError) -> String {
        guard let authorization else { throw .missingBearer }
        let field = authorization.utf8.trimmingOWS
        guard let space = field.firstIndex(of: UInt8(ascii: " ")) else {
            throw Substring(field).equalsIgnoringASCIICase("bearer") ? .malformed : .missingBearer
        }
        guard Substring(field[..<space]).equalsIgnoringASCIICase("bearer") else { throw .missingBearer }
        let token = field[field.index(after: space)...]
        guard !token.isEmpty, !token.contains(where: isOWS) else { throw .malformed }
        return String(Substring(token))
    }

    /// SP or HTAB, the optional whitespace HTTP allows around a field value.
    fileprivate static func isOWS(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
}

extension String.UTF8View {
    /// Without the optional whitespace around a field value. The cuts fall next to ASCII
    /// bytes, so they are on scalar boundaries.
    fileprivate var trimmingOWS: Substring.UTF8View {
        guard let first = firstIndex(where: { !BearerToken.isOWS($0) }),
            let last = lastIndex(where: { !BearerToken.isOWS($0) })
        else {
            return Substring("").utf8
        }
        return self[first...last]
    }
}

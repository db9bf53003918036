import ImpressHTTP

/// The credentials of `Authorization: Bearer <token>` (RFC 6750 §2.1, RFC 7235 §2.1: the
/// scheme is case-insensitive; one space, then a single token). Scanned as contiguous UTF-8
/// bytes: walking an 800-byte token by Characters cost more than the cached verification.
enum BearerToken {
    /// Where the parts lie in the field's UTF-8 bytes.
    private enum Shape {
        case noSpace(schemeIsBearer: Bool)
        case parts(schemeIsBearer: Bool, token: String, tokenHasWhitespace: Bool)
    }

    static func extract(from authorization: String?) throws(AuthError) -> String {
        guard var field = authorization else { throw .missingBearer }
        switch field.withUTF8(shape) {
        case .noSpace(let schemeIsBearer):
            throw schemeIsBearer ? .malformed : .missingBearer
        case .parts(let schemeIsBearer, let token, let tokenHasWhitespace):
            guard schemeIsBearer else { throw .missingBearer }
            guard !token.isEmpty, !tokenHasWhitespace else { throw .malformed }
            return token
        }
    }

    /// The field without the optional whitespace (SP, HTAB) around it, split at its first space.
    private static func shape(_ bytes: UnsafeBufferPointer<UInt8>) -> Shape {
        let isOWS: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        let start = bytes.firstIndex(where: { !isOWS($0) }) ?? bytes.endIndex
        let end = (bytes.lastIndex(where: { !isOWS($0) }) ?? start - 1) + 1
        let trimmed = UnsafeBufferPointer(rebasing: bytes[start..<max(start, end)])
        let isBearer = { (scheme: UnsafeBufferPointer<UInt8>.SubSequence) in
            String(decoding: scheme, as: UTF8.self).equalsIgnoringASCIICase("bearer")
        }
        guard let space = trimmed.firstIndex(of: UInt8(ascii: " ")) else {
            return .noSpace(schemeIsBearer: isBearer(trimmed[...]))
        }
        let token = trimmed[(space + 1)...]
        // The cuts fall next to ASCII bytes of valid UTF-8, so the token decodes unchanged.
        return .parts(
            schemeIsBearer: isBearer(trimmed[..<space]), token: String(decoding: token, as: UTF8.self),
            tokenHasWhitespace: token.contains(where: isOWS))
    }
}

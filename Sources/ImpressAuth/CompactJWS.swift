import ImpressCrypto
import ImpressJSON

/// A compact JWS (RFC 7515 §7.1) parsed before anything in it is trusted, with the header
/// rules of API.md §2.1 and RFC 8725 applied. The payload stays opaque bytes until the
/// signature has been checked with `verify(with:)`.
public struct CompactJWS: Sendable {
    /// Tokens longer than this are refused unread (Clerk session tokens are ~1 KiB).
    public static let maximumLength = 8 * 1024

    /// Header members that would let the token choose its own key or demand extensions we
    /// do not implement (RFC 8725 §3.10, RFC 7515 §4.1.11): refused outright.
    static let refusedHeaderMembers: Set<String> = ["crit", "jku", "x5u", "x5c", "jwk"]

    /// The `kid` header, when present.
    public let keyId: String?
    /// The decoded payload: not yet trusted.
    public let payload: [UInt8]
    private let signingInput: [UInt8]
    private let signature: [UInt8]

    public init(parsing token: String) throws(AuthError) {
        let bytes = token.utf8
        guard bytes.count <= Self.maximumLength else { throw .malformed }
        // Split on the byte, not on Characters: a "." followed by a combining mark is one
        // Character but still a separator here (and then fails base64url).
        let segments = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).map(Substring.init)
        guard segments.count == 3,
            let headerBytes = Base64URL.decode(segments[0]),
            let payload = Base64URL.decode(segments[1]),
            let signature = Base64URL.decode(segments[2])
        else { throw .malformed }
        let header = try Self.parseObject(headerBytes)

        // RFC 8725 §3.1: the algorithm is fixed by us, not chosen by the token.
        guard let alg = header["alg"] else { throw .malformed }
        guard alg.stringValue == "RS256" else { throw .unsupportedAlgorithm }
        if let typ = header["typ"], typ.stringValue != "JWT" { throw .unsupportedHeader }
        if header.objectValue?.contains(where: { Self.refusedHeaderMembers.contains($0.key) }) ?? false {
            throw .unsupportedHeader
        }
        switch header["kid"] {
        case nil: keyId = nil
        case .string(let kid)?: keyId = kid
        default: throw .malformed
        }
        // Checked after the header so that `alg: none` attacks (which send no signature)
        // are reported as the algorithm refusal they are.
        guard !signature.isEmpty else { throw .malformed }

        self.payload = payload
        // The signature covers the two segments exactly as sent (RFC 7515 §5.2 step 8).
        let headerAndPayload = segments[0].utf8.count + 1 + segments[1].utf8.count
        signingInput = Array(bytes.prefix(headerAndPayload))
        self.signature = signature
    }

    /// Checks the RS256 signature with `key`; only after this may the payload be believed.
    public func verify(with key: RSAPublicKey) throws(AuthError) {
        guard key.bits >= JSONWebKeySet.minimumKeyBits else { throw .weakKey }
        guard key.verifyRS256(message: signingInput, signature: signature) else { throw .badSignature }
    }

    /// A UTF-8 JSON object with unique member names (RFC 7515 §4, RFC 8725 §3.1), else malformed.
    static func parseObject(_ bytes: [UInt8]) throws(AuthError) -> JSONValue {
        guard let value = try? JSONParser.parse(bytes, options: .init(rejectDuplicateKeys: true, maxDepth: 32)),
            value.objectValue != nil
        else { throw .malformed }
        return value
    }
}

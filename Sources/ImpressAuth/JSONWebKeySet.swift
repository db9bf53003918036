import ImpressCrypto
import ImpressJSON

/// The usable keys of a JWKS document (RFC 7517 §5), by `kid`. Keys this service cannot use
/// are skipped one by one rather than failing the set, as jose and Clerk's SDK do: a provider
/// may publish EC or encryption keys next to the RS256 signing key.
public struct JSONWebKeySet: Sendable {
    /// The smallest modulus accepted (RFC 7518 §3.3: 2048 bits or larger).
    public static let minimumKeyBits = 2048

    public let keys: [String: RSAPublicKey]

    public init(keys: [String: RSAPublicKey]) {
        self.keys = keys
    }

    /// The set in `document`; nil when it is not a JSON object with a `keys` array.
    public init?(parsing document: [UInt8]) {
        guard let root = try? JSONParser.parse(document), let entries = root["keys"]?.arrayValue else { return nil }
        var keys: [String: RSAPublicKey] = [:]
        for entry in entries {
            guard let (kid, key) = Self.usableKey(entry), keys[kid] == nil else { continue }
            keys[kid] = key
        }
        self.keys = keys
    }

    /// The key of one JWK when it is an RS256 signature-verification key of at least 2048 bits.
    public static func usableKey(_ jwk: JSONValue) -> (kid: String, key: RSAPublicKey)? {
        guard jwk["kty"]?.stringValue == "RSA",
            let kid = jwk["kid"]?.stringValue,
            optionalMember(jwk["alg"], is: "RS256"),
            optionalMember(jwk["use"], is: "sig"),
            permitsVerification(jwk["key_ops"]),
            let n = jwk["n"]?.stringValue.flatMap(Base64URL.decode),
            let e = jwk["e"]?.stringValue.flatMap(Base64URL.decode),
            let key = try? RSAPublicKey(modulus: n, exponent: e),
            key.bits >= minimumKeyBits
        else { return nil }
        return (kid, key)
    }

    /// An absent member permits anything; a present one must be the expected string.
    private static func optionalMember(_ member: JSONValue?, is expected: String) -> Bool {
        guard let member else { return true }
        return member.stringValue == expected
    }

    /// `key_ops` (RFC 7517 §4.3), when present, must list `verify`.
    private static func permitsVerification(_ keyOps: JSONValue?) -> Bool {
        guard let keyOps else { return true }
        return keyOps.arrayValue?.contains(.string("verify")) ?? false
    }
}

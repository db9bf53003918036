import ImpressAuth
import ImpressCrypto
import ImpressHTTP

/// The JWT front end on bytes a client controls: the `Authorization` field through
/// `ClerkAuthorizer.authorize` (bearer extraction, `CompactJWS(parsing:)`, the RS256 check
/// with a fixed key), plus the two parsers the signature normally guards, run directly so
/// the fuzzer reaches them: the claim checks (`SessionClaims`) and the JWKS document parser.
/// No random input carries a valid signature, so a token that verifies is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJWT(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: bytes, as: UTF8.self)

    precondition((try? authorizer.verify(text)) == nil, "a fuzzed token verified")
    for field in [text, "Bearer " + text] {
        let request = HTTPRequest(
            method: "GET", path: "/users", headers: ["authorization": field, "x-organization-id": "org_1"],
            requestId: "fuzz")
        precondition((try? authorizer.authorize(request)) == nil, "a fuzzed Authorization field was authorized")
    }

    _ = try? claims.caller(fromVerifiedPayload: bytes, now: fixedNow)
    _ = JSONWebKeySet(parsing: bytes)
    return 0
}

/// 2026-12-01T00:00:00Z, so claim seeds with `exp` after it get past the expiry check.
private let fixedNow: Double = 1_796_083_200

private let claims = SessionClaims(issuer: "https://clerk.example.com", authorizedParties: ["https://app.example.com"])

private let authorizer = ClerkAuthorizer(
    .init(
        issuer: "https://clerk.example.com", authorizedParties: ["https://app.example.com"],
        keySource: .staticKey(FixedKey.shared.publicKey), clock: { fixedNow }))

/// One RSA key for the whole run, generated at start-up (which key does not matter: nothing
/// fuzzed is signed by it).
private enum FixedKey {
    static let shared: RSAPrivateKey = {
        guard let key = try? RSAPrivateKey.generate(bits: 2048) else { preconditionFailure("cannot generate an RSA key") }
        return key
    }()
}

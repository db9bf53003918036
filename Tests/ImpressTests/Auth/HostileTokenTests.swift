import ImpressAuth
import ImpressCrypto
import ImpressHTTP
import Testing

/// What the verifier should make of a token.
enum Verdict: Sendable, Equatable {
    case accepted(Caller)
    case refused(AuthError)
}

struct TokenCase: Sendable, CustomTestStringConvertible {
    let name: String
    let token: @Sendable () -> String
    let expected: Verdict
    var testDescription: String { name }

    init(_ name: String, _ expected: Verdict, _ token: @escaping @Sendable () -> String) {
        self.name = name
        self.expected = expected
        self.token = token
    }
}

/// The attacks of RFC 8725 and the wycheproof JWS notes, each with the reason class it must
/// be refused with, plus the claim shapes Clerk sends (API.md §2).
@Suite struct HostileTokenTests {
    typealias F = AuthFixture

    static let orgA = Caller(subject: "user_1", organizationId: "org_A", isSuperadmin: false)

    /// JWKS: the primary key as `k1`, and a 1024-bit key as `weak` (must be skipped).
    static let authorizer: ClerkAuthorizer = {
        let endpoint = FakeJWKSEndpoint(
            F.jwks([("k1", TestKeys.primary.publicKey), ("weak", TestKeys.weak.publicKey)]))
        let cache = JWKSCache(url: "https://clerk.impress.test/.well-known/jwks.json", fetch: endpoint.fetch, clock: { F.now })
        return ClerkAuthorizer(
            .init(issuer: F.issuer, authorizedParties: [F.party], keySource: .jwks(cache), clock: { F.now }))
    }()

    static func header(alg: String, extra: String = "") -> String {
        #"{"alg":"\#(alg)","typ":"JWT","kid":"k1"\#(extra)}"#
    }

    /// Signs over segments given already encoded (to test encodings a lenient decoder would accept).
    static func signEncoded(_ headerSegment: String, _ payloadSegment: String) -> String {
        let input = headerSegment + "." + payloadSegment
        return input + "." + Base64URL.encode(try! TestKeys.primary.signRS256(Array(input.utf8)))
    }

    static func standardAlphabet(_ text: some StringProtocol) -> String {
        String(text).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    }

    /// A valid token whose signature segment uses `-` or `_`, re-encoded with `+`/`/`.
    static func standardAlphabetToken() -> String {
        for n in 0..<200 {
            let token = F.token(header: F.header, payload: F.payload(["sid": "\"sess_\(n)\""]))
            let parts = token.split(separator: ".")
            if parts[2].contains("-") || parts[2].contains("_") {
                return parts[0] + "." + parts[1] + "." + standardAlphabet(parts[2])
            }
        }
        return "no-signature-with-url-characters"
    }

    static let cases: [TokenCase] = [
        TokenCase("valid v2 token", .accepted(orgA)) { F.token(header: F.header, payload: F.payload()) },
        TokenCase("unknown header member oiat ignored", .accepted(orgA)) {
            F.token(header: header(alg: "RS256", extra: #","oiat":1699999990"#), payload: F.payload())
        },
        TokenCase("no typ is fine", .accepted(orgA)) { F.token(header: #"{"alg":"RS256","kid":"k1"}"#, payload: F.payload()) },

        // Algorithm confusion (RFC 8725 §2.1, §3.1).
        TokenCase("alg none, no signature", .refused(.unsupportedAlgorithm)) {
            Base64URL.encode(Array(#"{"alg":"none","kid":"k1"}"#.utf8)) + "." + Base64URL.encode(Array(F.payload().utf8)) + "."
        },
        TokenCase("alg NONE", .refused(.unsupportedAlgorithm)) { F.token(header: header(alg: "NONE"), payload: F.payload()) },
        TokenCase("alg nOnE", .refused(.unsupportedAlgorithm)) { F.token(header: header(alg: "nOnE"), payload: F.payload()) },
        TokenCase("HS256 keyed with the public key PEM", .refused(.unsupportedAlgorithm)) {
            let input =
                Base64URL.encode(Array(header(alg: "HS256").utf8)) + "." + Base64URL.encode(Array(F.payload().utf8))
            let secret = Array(try! TestKeys.primary.publicKey.pemEncoded().utf8)
            return input + "." + Base64URL.encode(Digest.hmacSHA256(key: secret, data: Array(input.utf8)))
        },
        TokenCase("PS256", .refused(.unsupportedAlgorithm)) { F.token(header: header(alg: "PS256"), payload: F.payload()) },
        TokenCase("RS512", .refused(.unsupportedAlgorithm)) { F.token(header: header(alg: "RS512"), payload: F.payload()) },
        TokenCase("rs256 lower case", .refused(.unsupportedAlgorithm)) {
            F.token(header: header(alg: "rs256"), payload: F.payload())
        },
        TokenCase("no alg", .refused(.malformed)) { F.token(header: #"{"typ":"JWT","kid":"k1"}"#, payload: F.payload()) },

        // Keys.
        TokenCase("wrong key, right kid", .refused(.badSignature)) {
            F.token(header: F.header, payload: F.payload(), key: TestKeys.secondary)
        },
        TokenCase("unknown kid", .refused(.unknownKey)) {
            F.token(header: #"{"alg":"RS256","kid":"k9"}"#, payload: F.payload())
        },
        TokenCase("no kid with a JWKS", .refused(.unknownKey)) { F.token(header: #"{"alg":"RS256"}"#, payload: F.payload()) },
        TokenCase("kid not a string", .refused(.malformed)) { F.token(header: #"{"alg":"RS256","kid":1}"#, payload: F.payload()) },
        TokenCase("1024-bit key in the JWKS", .refused(.unknownKey)) {
            F.token(header: #"{"alg":"RS256","kid":"weak"}"#, payload: F.payload(), key: TestKeys.weak)
        },
        TokenCase("tampered payload", .refused(.badSignature)) {
            let parts = F.token(header: F.header, payload: F.payload()).split(separator: ".")
            let forged = Base64URL.encode(Array(F.payload(["metadata": #"{"role":"superadmin"}"#]).utf8))
            return parts[0] + "." + forged + "." + parts[2]
        },

        // Refused header members (RFC 8725 §3.10, RFC 7515 §4.1).
        TokenCase("crit header", .refused(.unsupportedHeader)) {
            F.token(header: header(alg: "RS256", extra: #","crit":["exp"]"#), payload: F.payload())
        },
        TokenCase("jku header", .refused(.unsupportedHeader)) {
            F.token(header: header(alg: "RS256", extra: #","jku":"https://evil.example/jwks""#), payload: F.payload())
        },
        TokenCase("jwk header", .refused(.unsupportedHeader)) {
            let (n, e) = try! TestKeys.secondary.publicKey.jwkComponents()
            return F.token(
                header: header(alg: "RS256", extra: #","jwk":{"kty":"RSA","n":"\#(n)","e":"\#(e)"}"#), payload: F.payload(),
                key: TestKeys.secondary)
        },
        TokenCase("x5u header", .refused(.unsupportedHeader)) {
            F.token(header: header(alg: "RS256", extra: #","x5u":"https://evil.example/cert.pem""#), payload: F.payload())
        },
        TokenCase("x5c header", .refused(.unsupportedHeader)) {
            F.token(header: header(alg: "RS256", extra: #","x5c":["MIIB"]"#), payload: F.payload())
        },
        TokenCase("typ JWS", .refused(.unsupportedHeader)) {
            F.token(header: #"{"alg":"RS256","typ":"JWS","kid":"k1"}"#, payload: F.payload())
        },

        // Encoding and framing.
        TokenCase("padded base64", .refused(.malformed)) {
            // The 38-byte header encodes to 51 characters plus one "=": signed as sent.
            signEncoded(Base64URL.encode(Array(F.header.utf8)) + "=", Base64URL.encode(Array(F.payload().utf8)))
        },
        TokenCase("padded signature", .refused(.malformed)) { F.token(header: F.header, payload: F.payload()) + "==" },
        TokenCase("+/ alphabet", .refused(.malformed)) { standardAlphabetToken() },
        TokenCase("2 segments", .refused(.malformed)) {
            let parts = F.token(header: F.header, payload: F.payload()).split(separator: ".")
            return parts[0] + "." + parts[1]
        },
        TokenCase("4 segments", .refused(.malformed)) { F.token(header: F.header, payload: F.payload()) + ".AAAA" },
        TokenCase("empty signature", .refused(.malformed)) {
            Base64URL.encode(Array(F.header.utf8)) + "." + Base64URL.encode(Array(F.payload().utf8)) + "."
        },
        TokenCase("9 KiB token", .refused(.malformed)) {
            F.token(header: F.header, payload: F.payload(["pad": "\"" + String(repeating: "a", count: 6_900) + "\""]))
        },
        TokenCase("100,000 dots", .refused(.malformed)) { String(repeating: ".", count: 100_000) },
        TokenCase("empty token", .refused(.malformed)) { "" },
        TokenCase("dot followed by a combining mark", .refused(.malformed)) {
            F.token(header: F.header, payload: F.payload()).replacingOccurrences(of: ".", with: ".\u{301}")
        },
        TokenCase("non-JSON header", .refused(.malformed)) { F.token(header: "RS256", payload: F.payload()) },
        TokenCase("non-JSON payload", .refused(.malformed)) { F.token(header: F.header, payload: "hello") },
        TokenCase("array payload", .refused(.malformed)) { F.token(header: F.header, payload: #"[{"sub":"user_1"}]"#) },
        TokenCase("payload not UTF-8", .refused(.malformed)) {
            let input = Base64URL.encode(Array(F.header.utf8)) + "." + Base64URL.encode([0x7B, 0xFF, 0x7D])
            return input + "." + Base64URL.encode(try! TestKeys.primary.signRS256(Array(input.utf8)))
        },
        TokenCase("duplicate claim name", .refused(.malformed)) {
            F.token(header: F.header, payload: F.payload().dropLast() + #","sub":"user_admin"}"#)
        },
        TokenCase("duplicate header member", .refused(.malformed)) {
            F.token(header: #"{"alg":"RS256","kid":"k1","alg":"none"}"#, payload: F.payload())
        },

        // Time claims with 5 s leeway, the clock at `now`.
        TokenCase("expired", .refused(.expired)) { F.token(header: F.header, payload: F.payload(["exp": String(Int(F.now) - 6)])) },
        TokenCase("expired exactly at the leeway", .refused(.expired)) {
            F.token(header: F.header, payload: F.payload(["exp": String(Int(F.now) - 5)]))
        },
        TokenCase("expired within leeway", .accepted(orgA)) {
            F.token(header: F.header, payload: F.payload(["exp": String(Int(F.now) - 4)]))
        },
        TokenCase("nbf beyond leeway", .refused(.notYetValid)) {
            F.token(header: F.header, payload: F.payload(["nbf": String(Int(F.now) + 6)]))
        },
        TokenCase("nbf within leeway", .accepted(orgA)) {
            F.token(header: F.header, payload: F.payload(["nbf": String(Int(F.now) + 4)]))
        },
        TokenCase("iat in the future", .refused(.notYetValid)) {
            F.token(header: F.header, payload: F.payload(["iat": String(Int(F.now) + 60)]))
        },
        TokenCase("fractional exp", .accepted(orgA)) { F.token(header: F.header, payload: F.payload(["exp": "1700000010.5"])) },
        TokenCase("exp as a string", .refused(.malformed)) {
            F.token(header: F.header, payload: F.payload(["exp": "\"\(Int(F.now) + 60)\""]))
        },
        TokenCase("exp overflowing a double", .refused(.malformed)) { F.token(header: F.header, payload: F.payload(["exp": "1e999"])) },
        TokenCase("missing exp", .refused(.missingClaim)) { F.token(header: F.header, payload: F.payload(["exp": nil])) },
        TokenCase("missing sub", .refused(.missingClaim)) { F.token(header: F.header, payload: F.payload(["sub": nil])) },
        TokenCase("sub not a string", .refused(.malformed)) { F.token(header: F.header, payload: F.payload(["sub": "42"])) },

        // Issuer, party, session status.
        TokenCase("wrong iss", .refused(.wrongIssuer)) {
            F.token(header: F.header, payload: F.payload(["iss": #""https://clerk.evil.test""#]))
        },
        TokenCase("missing iss", .refused(.wrongIssuer)) { F.token(header: F.header, payload: F.payload(["iss": nil])) },
        TokenCase("foreign azp", .refused(.wrongParty)) {
            F.token(header: F.header, payload: F.payload(["azp": #""https://evil.example""#]))
        },
        TokenCase("missing azp", .refused(.wrongParty)) { F.token(header: F.header, payload: F.payload(["azp": nil])) },
        TokenCase("sts pending", .refused(.sessionPending)) {
            F.token(header: F.header, payload: F.payload(["sts": #""pending""#]))
        },

        // Clerk claim formats.
        TokenCase("v1 org claims", .accepted(Caller(subject: "user_1", organizationId: "org_B", isSuperadmin: false))) {
            F.token(header: F.header, payload: F.payload(["v": nil, "o": nil, "org_id": #""org_B""#, "org_role": #""org:admin""#]))
        },
        TokenCase("no organization", .accepted(Caller(subject: "user_1", organizationId: nil, isSuperadmin: false))) {
            F.token(header: F.header, payload: F.payload(["o": nil]))
        },
        TokenCase("org id not a string", .refused(.malformed)) {
            F.token(header: F.header, payload: F.payload(["o": #"{"id":7}"#]))
        },
        TokenCase("superadmin from metadata", .accepted(Caller(subject: "user_1", organizationId: "org_A", isSuperadmin: true))) {
            F.token(header: F.header, payload: F.payload(["metadata": #"{"role":"superadmin"}"#]))
        },
        TokenCase(
            "superadmin from public_metadata", .accepted(Caller(subject: "user_1", organizationId: "org_A", isSuperadmin: true))
        ) {
            F.token(header: F.header, payload: F.payload(["public_metadata": #"{"role":"superadmin"}"#]))
        },
        TokenCase("another role is not superadmin", .accepted(orgA)) {
            F.token(header: F.header, payload: F.payload(["metadata": #"{"role":"admin"}"#, "public_metadata": #"{"role":"Superadmin"}"#]))
        },
    ]

    @Test(arguments: cases)
    func verdict(_ testCase: TokenCase) {
        let token = testCase.token()
        let verdict: Verdict
        do {
            verdict = .accepted(try Self.authorizer.verify(token))
        } catch {
            verdict = .refused(error)
            let apiError = error.apiError
            #expect(apiError.code == .unauthorized)
            #expect(apiError.message == "Invalid token: \(error.reasonClass)")
            #expect(token.count < 8 || !apiError.message.contains(token))
        }
        #expect(verdict == testCase.expected)
    }

    @Test func nineKiBCaseIsReallyOverTheLimit() {
        let token = F.token(header: F.header, payload: F.payload(["pad": "\"" + String(repeating: "a", count: 6_900) + "\""]))
        #expect(token.utf8.count > 9 * 1024)
    }
}

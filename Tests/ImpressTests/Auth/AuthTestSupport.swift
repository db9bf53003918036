import ImpressAuth
import ImpressCrypto
import ImpressJSON
import Synchronization

/// Fixed facts of the auth tests: one clock instant, one issuer, one authorized party.
enum AuthFixture {
    static let now: Double = 1_700_000_000
    static let issuer = "https://clerk.impress.test"
    static let party = "https://getimpress.io"

    /// A compact JWS over exactly these header and payload texts (so tests can write
    /// duplicate members or odd spacing), signed RS256 with `key`.
    static func token(header: String, payload: String, key: RSAPrivateKey = TestKeys.primary) -> String {
        let signingInput = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
        // Signing with a generated key only fails if libcrypto is broken.
        let signature = try! key.signRS256(Array(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature)
    }

    static let header = #"{"alg":"RS256","typ":"JWT","kid":"k1"}"#

    /// A valid v2 session payload for org_A, with `extra` members spliced in (or `replacing`
    /// a member by name: its value text, or nil to drop it).
    static func payload(_ changes: [String: String?] = [:]) -> String {
        var members: [(String, String)] = [
            ("sub", #""user_1""#), ("iss", "\"\(issuer)\""), ("azp", "\"\(party)\""),
            ("exp", String(Int(now) + 60)), ("iat", String(Int(now) - 10)), ("nbf", String(Int(now) - 10)),
            ("sid", #""sess_1""#), ("sts", #""active""#), ("v", "2"), ("o", #"{"id":"org_A","rol":"admin","slg":"a"}"#),
        ]
        for (name, value) in changes.sorted(by: { $0.key < $1.key }) {
            members.removeAll { $0.0 == name }
            if let value { members.append((name, value)) }
        }
        return "{" + members.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    /// A JWKS document holding these keys as RS256 signing keys.
    static func jwks(_ keys: [(kid: String, key: RSAPublicKey)]) -> [UInt8] {
        let entries: [JSONValue] = keys.map { entry in
            let (n, e) = try! entry.key.jwkComponents()
            return .object([
                ("kty", .string("RSA")), ("use", .string("sig")), ("alg", .string("RS256")),
                ("kid", .string(entry.kid)), ("n", .string(n)), ("e", .string(e)),
            ])
        }
        return JSONWriter.bytes(.object([("keys", .array(entries))]))
    }
}

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let seconds: Mutex<Double>
    init(_ start: Double = AuthFixture.now) { seconds = Mutex(start) }
    func now() -> Double { seconds.withLock { $0 } }
    func advance(_ delta: Double) { seconds.withLock { $0 += delta } }
}

/// A JWKS endpoint whose body (or outage) the test sets, counting requests.
final class FakeJWKSEndpoint: Sendable {
    struct Outage: Error {}
    private let state: Mutex<(body: [UInt8]?, fetches: Int)>

    init(_ body: [UInt8]?) { state = Mutex((body, 0)) }

    func serve(_ body: [UInt8]?) { state.withLock { $0.body = body } }
    var fetches: Int { state.withLock { $0.fetches } }

    func fetch(_ url: String) throws -> [UInt8] {
        let body = state.withLock { state -> [UInt8]? in
            state.fetches += 1
            return state.body
        }
        guard let body else { throw Outage() }
        return body
    }
}

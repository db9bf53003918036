import ImpressAuth
import ImpressCrypto
import ImpressJSON
import Testing

/// Wycheproof's compact JWS vectors (C2SP/wycheproof, Apache-2.0) through the verifier's
/// front end: `CompactJWS` parsing and header rules, the group's public JWK through
/// `JSONWebKeySet.usableKey`, the key chosen by `kid`, and the signature. Claims are not
/// checked: these payloads are not session tokens.
///
/// Our verifier accepts RS256 only, so vectors labelled valid for HS256, RS384, RS512, PS*,
/// ES* are refused: `refusedValidVectors` lists them, and they are the only disagreements.
@Suite struct WycheproofJWSTests {
    /// Labelled inconsistently upstream (C2SP/wycheproof#236).
    static let skipped: Set<Int> = [357, 367, 370, 372, 373]

    /// Valid in Wycheproof, refused by us because their `alg` is not RS256 (or their key is
    /// not an RSA key): HS256 (1, 348, 352, 358, 359, 376, 377), ES256/ES512 (18, 347, 351,
    /// 378), RS384 (264–267), RS512 (268–271), PS256/PS384/PS512 (272–275, 287, 288,
    /// 320–323, 325–328, 346, 350).
    static let refusedValidVectors: Set<Int> = [
        1, 18, 264, 265, 266, 267, 268, 269, 270, 271, 272, 273, 274, 275, 287, 288, 320, 321, 322, 323,
        325, 326, 327, 328, 346, 347, 348, 350, 351, 352, 358, 359, 376, 377, 378,
    ]

    static func frontEndAccepts(_ token: String, keys: [String: RSAPublicKey]) -> Bool {
        do {
            let jws = try CompactJWS(parsing: token)
            guard let kid = jws.keyId, let key = keys[kid] else { return false }
            try jws.verify(with: key)
            return true
        } catch {
            return false
        }
    }

    @Test func everyVectorAsLabelledExceptNonRS256() throws {
        let vectors = try WycheproofFixture.load("json_web_signature_test.json")
        var disagreements: Set<Int> = []
        var checked = 0
        var acceptedRS256 = 0
        for group in try #require(vectors["testGroups"]?.arrayValue) {
            var keys: [String: RSAPublicKey] = [:]
            if let jwk = group["public"], let (kid, key) = JSONWebKeySet.usableKey(jwk) { keys[kid] = key }
            for test in try #require(group["tests"]?.arrayValue) {
                let tcId = try #require(test["tcId"]?.int64Value.map(Int.init))
                if Self.skipped.contains(tcId) { continue }
                let token = try #require(test["jws"]?.stringValue)
                let labelledValid = test["result"]?.stringValue == "valid"
                let accepted = Self.frontEndAccepts(token, keys: keys)
                if accepted != labelledValid { disagreements.insert(tcId) }
                if accepted { acceptedRS256 += 1 }
                checked += 1
            }
        }
        #expect(checked == 401 - Self.skipped.count)
        #expect(disagreements == Self.refusedValidVectors)
        // RS256 vectors labelled valid: 33, 259–263, 345, 349.
        #expect(acceptedRS256 == 8)
    }
}

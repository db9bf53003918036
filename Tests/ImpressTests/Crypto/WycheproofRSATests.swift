import ImpressCrypto
import ImpressJSON
import Testing

/// Every RSASSA-PKCS1-v1_5 SHA-256 verification vector of Wycheproof (C2SP/wycheproof,
/// Apache-2.0), including the e = 3 groups, through both key constructors.
@Suite struct WycheproofRSATests {
    /// Vectors labelled "acceptable", with what OpenSSL 3 does: tcId 8 omits the NULL in the
    /// DigestInfo (legacy encoding); OpenSSL refuses it, which is the stricter choice.
    static let acceptableOutcomes: [Int: Bool] = [8: false]

    @Test func everyVectorGivesItsExpectedResult() throws {
        let vectors = try WycheproofFixture.load("rsa_signature_2048_sha256_test.json")
        let groups = try #require(vectors["testGroups"]?.arrayValue)
        var checked = 0
        for group in groups {
            let pemKey = try RSAPublicKey(pem: try #require(group["publicKeyPem"]?.stringValue))
            let jwk = try #require(group["keyJwk"])
            let jwkKey = try RSAPublicKey(
                modulus: try #require(jwk["n"]?.stringValue.flatMap(Base64URL.decode)),
                exponent: try #require(jwk["e"]?.stringValue.flatMap(Base64URL.decode)))
            #expect(pemKey.bits == 2048 && jwkKey.bits == 2048)
            for test in try #require(group["tests"]?.arrayValue) {
                let tcId = try #require(test["tcId"]?.int64Value.map(Int.init))
                let message = try #require(test["msg"]?.stringValue.flatMap(WycheproofFixture.hex))
                let signature = try #require(test["sig"]?.stringValue.flatMap(WycheproofFixture.hex))
                let expected: Bool
                switch test["result"]?.stringValue {
                case "valid": expected = true
                case "invalid": expected = false
                default:
                    guard let outcome = Self.acceptableOutcomes[tcId] else {
                        Issue.record("acceptable tcId \(tcId) has no listed outcome")
                        continue
                    }
                    expected = outcome
                }
                #expect(pemKey.verifyRS256(message: message, signature: signature) == expected, "tcId \(tcId)")
                #expect(jwkKey.verifyRS256(message: message, signature: signature) == expected, "tcId \(tcId) (JWK)")
                checked += 1
            }
        }
        #expect(checked == 259)
    }
}

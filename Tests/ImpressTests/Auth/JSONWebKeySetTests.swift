import ImpressAuth
import ImpressCrypto
import ImpressJSON
import Testing

@Suite struct JSONWebKeySetTests {
    static func jwk(_ key: RSAPublicKey, _ members: [(String, JSONValue)]) -> JSONValue {
        let (n, e) = try! key.jwkComponents()
        return .object([("kty", .string("RSA")), ("n", .string(n)), ("e", .string(e))] + members)
    }

    @Test func skipsUnusableKeysAndKeepsTheRest() throws {
        let key = TestKeys.primary.publicKey
        let document: JSONValue = .object([
            (
                "keys",
                .array([
                    .object([("kty", .string("EC")), ("kid", .string("ec")), ("crv", .string("P-256"))]),
                    Self.jwk(key, [("kid", .string("enc")), ("use", .string("enc"))]),
                    Self.jwk(key, [("kid", .string("rs512")), ("alg", .string("RS512"))]),
                    Self.jwk(key, [("kid", .string("encrypt-only")), ("key_ops", .array([.string("encrypt")]))]),
                    Self.jwk(TestKeys.weak.publicKey, [("kid", .string("weak"))]),
                    Self.jwk(key, []),  // no kid
                    .object([("kty", .string("RSA")), ("kid", .string("bad-n")), ("n", .string("A+A=")), ("e", .string("AQAB"))]),
                    .string("not a key"),
                    Self.jwk(key, [("kid", .string("good")), ("alg", .string("RS256")), ("use", .string("sig"))]),
                    Self.jwk(key, [("kid", .string("bare"))]),  // alg and use may be absent
                    Self.jwk(key, [("kid", .string("ops")), ("key_ops", .array([.string("verify")]))]),
                ])
            )
        ])
        let set = try #require(JSONWebKeySet(parsing: JSONWriter.bytes(document)))
        #expect(Set(set.keys.keys) == ["good", "bare", "ops"])
    }

    @Test(arguments: ["", "<html>502 Bad Gateway</html>", "[]", #"{"keys":{}}"#, #"{"no_keys":[]}"#])
    func refusesDocumentsThatAreNotKeySets(body: String) {
        #expect(JSONWebKeySet(parsing: Array(body.utf8)) == nil)
    }
}

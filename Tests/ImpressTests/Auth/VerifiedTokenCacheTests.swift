import ImpressAuth
import ImpressCrypto
import ImpressHTTP
import Testing

/// The verified-token cache must never accept what a fresh verification would refuse.
@Suite struct VerifiedTokenCacheTests {
    typealias F = AuthFixture

    @Test func claimsAreCheckedOnEveryUse() throws {
        let clock = ManualClock()
        let authorizer = ClerkAuthorizer(
            .init(issuer: F.issuer, authorizedParties: [F.party], keySource: .staticKey(TestKeys.primary.publicKey), clock: clock.now))
        let token = F.token(header: F.header, payload: F.payload())  // exp = now + 60
        #expect(try authorizer.verify(token).subject == "user_1")
        #expect(try authorizer.verify(token).subject == "user_1")
        clock.advance(66)  // past exp + 5 s leeway, within the cache's minute
        #expect(throws: AuthError.expired) { try authorizer.verify(token) }
    }

    @Test func aRotatedKeyStopsCachedTokensAtOnce() throws {
        let endpoint = FakeJWKSEndpoint(JWKSCacheTests.primarySet)
        let clock = ManualClock()
        let cache = JWKSCacheTests.cache(endpoint, clock)
        let authorizer = JWKSCacheTests.authorizer(cache, clock)
        let old = JWKSCacheTests.token(kid: "k1", key: TestKeys.primary)
        #expect(throws: Never.self) { try authorizer.authorize(JWKSCacheTests.request(old)) }
        endpoint.serve(JWKSCacheTests.rotatedSet)
        clock.advance(31)  // past the unknown-kid cooldown, well within the cache's minute
        let new = JWKSCacheTests.token(kid: "k2", key: TestKeys.secondary)
        #expect(throws: Never.self) { try authorizer.authorize(JWKSCacheTests.request(new)) }
        #expect(throws: AuthError.unknownKey) { try authorizer.verify(old) }
    }

    @Test func aTamperedTokenIsNotACacheHit() throws {
        let authorizer = ClerkAuthorizerTests.authorizer
        let token = ClerkAuthorizerTests.orgAToken
        _ = try authorizer.verify(token)
        let parts = token.split(separator: ".").map(String.init)
        let forged = parts[0] + "." + Base64URL.encode(Array(F.payload(["sub": #""user_2""#]).utf8)) + "." + parts[2]
        #expect(throws: AuthError.badSignature) { try authorizer.verify(forged) }
    }
}

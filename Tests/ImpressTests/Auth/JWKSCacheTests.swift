import Dispatch
import Glibc
import ImpressAuth
import ImpressCrypto
import ImpressHTTP
import Synchronization
import Testing

@Suite struct JWKSCacheTests {
    typealias F = AuthFixture

    static let primarySet = F.jwks([("k1", TestKeys.primary.publicKey)])
    static let rotatedSet = F.jwks([("k2", TestKeys.secondary.publicKey)])

    static func cache(_ endpoint: FakeJWKSEndpoint, _ clock: ManualClock) -> JWKSCache {
        JWKSCache(url: "https://clerk.impress.test/.well-known/jwks.json", fetch: endpoint.fetch, clock: clock.now)
    }

    static func authorizer(_ cache: JWKSCache, _ clock: ManualClock) -> ClerkAuthorizer {
        ClerkAuthorizer(.init(issuer: F.issuer, authorizedParties: [F.party], keySource: .jwks(cache), clock: clock.now))
    }

    /// Valid for an hour, as the clock moves in these tests.
    static func token(kid: String, key: RSAPrivateKey) -> String {
        F.token(header: #"{"alg":"RS256","kid":"\#(kid)"}"#, payload: F.payload(["exp": String(Int(F.now) + 3600)]), key: key)
    }

    static func request(_ token: String) -> HTTPRequest {
        HTTPRequest(
            method: "GET", path: "/users", headers: ["authorization": "Bearer " + token, "x-organization-id": "org_A"],
            requestId: "test")
    }

    @Test func loadsOnFirstUseAndRefreshesEveryFiveMinutes() throws {
        let endpoint = FakeJWKSEndpoint(Self.primarySet)
        let clock = ManualClock()
        let cache = Self.cache(endpoint, clock)
        #expect(cache.status == .empty)
        _ = try cache.key(for: "k1")
        _ = try cache.key(for: "k1")
        #expect(endpoint.fetches == 1)
        #expect(cache.status == .ok(keys: 1))
        clock.advance(299)
        _ = try cache.key(for: "k1")
        #expect(endpoint.fetches == 1)
        clock.advance(1)
        _ = try cache.key(for: "k1")
        #expect(endpoint.fetches == 2)
    }

    @Test func rotationIsPickedUpWithoutRestart() throws {
        let endpoint = FakeJWKSEndpoint(Self.primarySet)
        let clock = ManualClock()
        let cache = Self.cache(endpoint, clock)
        let authorizer = Self.authorizer(cache, clock)
        _ = try authorizer.verify(Self.token(kid: "k1", key: TestKeys.primary))

        endpoint.serve(Self.rotatedSet)
        clock.advance(31)  // past the cooldown: the unknown kid triggers a refetch
        let caller = try authorizer.verify(Self.token(kid: "k2", key: TestKeys.secondary))
        #expect(caller.subject == "user_1")
        #expect(endpoint.fetches == 2)
        // The retired key is gone with the old set.
        #expect(throws: AuthError.unknownKey) { try authorizer.verify(Self.token(kid: "k1", key: TestKeys.primary)) }
    }

    @Test func outageAfterFirstLoadKeepsServingStaleKeys() throws {
        let endpoint = FakeJWKSEndpoint(Self.primarySet)
        let clock = ManualClock()
        let cache = Self.cache(endpoint, clock)
        let authorizer = Self.authorizer(cache, clock)
        _ = try authorizer.verify(Self.token(kid: "k1", key: TestKeys.primary))

        endpoint.serve(nil)
        clock.advance(301)
        _ = try authorizer.verify(Self.token(kid: "k1", key: TestKeys.primary))
        #expect(endpoint.fetches == 2)
        #expect(cache.status == .stale(keys: 1))
        #expect(authorizer.keySetStatus == .stale(keys: 1))
        #expect(cache.lastRefreshError != nil)

        // A body that is not JSON is a failed refresh too.
        endpoint.serve(Array("<html>oops</html>".utf8))
        clock.advance(31)
        _ = try authorizer.verify(Self.token(kid: "k1", key: TestKeys.primary))
        #expect(cache.status == .stale(keys: 1))

        endpoint.serve(Self.primarySet)
        clock.advance(31)
        _ = try authorizer.verify(Self.token(kid: "k1", key: TestKeys.primary))
        #expect(cache.status == .ok(keys: 1))
        #expect(cache.lastRefreshError == nil)
    }

    @Test func unknownKidsCannotHammerTheEndpoint() throws {
        let endpoint = FakeJWKSEndpoint(Self.primarySet)
        let clock = ManualClock()
        let authorizer = Self.authorizer(Self.cache(endpoint, clock), clock)
        for n in 0..<50 {
            #expect(throws: AuthError.unknownKey) {
                try authorizer.verify(Self.token(kid: "forged-\(n)", key: TestKeys.secondary))
            }
            clock.advance(0.5)  // 50 tokens within 25 s
        }
        #expect(endpoint.fetches <= 2)
    }

    @Test func startsEmptyAnswers503ThenWorksOnceKeysArrive() throws {
        let endpoint = FakeJWKSEndpoint(nil)
        let clock = ManualClock()
        let cache = Self.cache(endpoint, clock)
        let authorizer = Self.authorizer(cache, clock)
        let request = Self.request(Self.token(kid: "k1", key: TestKeys.primary))

        #expect(throws: APIError(.unavailable, "Token verification keys are not available yet", retryAfter: 5)) {
            try authorizer.authorize(request)
        }
        #expect(APIError(.unavailable, "").code.status == 503)
        #expect(authorizer.keySetStatus == .empty)

        endpoint.serve(Self.primarySet)
        clock.advance(10)  // within the retry cooldown: still no new fetch
        #expect(throws: APIError.self) { try authorizer.authorize(request) }
        #expect(endpoint.fetches == 1)
        clock.advance(21)
        let grant = try authorizer.authorize(request)
        #expect(grant.scope == .organization("org_A"))
        #expect(authorizer.keySetStatus == .ok(keys: 1))
    }

    @Test func onlyOneFetchInFlight() throws {
        let inFlight = Mutex((now: 0, peak: 0, total: 0))
        let clock = ManualClock()
        let cache = JWKSCache(
            url: "https://clerk.impress.test/.well-known/jwks.json",
            fetch: { _ in
                inFlight.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now); $0.total += 1 }
                usleep(50_000)
                inFlight.withLock { $0.now -= 1 }
                return Self.primarySet
            }, clock: clock.now)
        let results = Mutex<[Bool]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let found = (try? cache.key(for: "k1")) != nil
            results.withLock { $0.append(found) }
        }
        // Everyone got the key: the first-load waiters waited for the one fetch.
        #expect(results.withLock { $0 } == Array(repeating: true, count: 8))
        #expect(inFlight.withLock { $0.peak } == 1)
        #expect(inFlight.withLock { $0.total } == 1)
    }
}

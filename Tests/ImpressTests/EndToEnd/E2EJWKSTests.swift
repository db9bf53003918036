import Foundation
import ImpressAuth
import ImpressJSON
import Testing

/// The JWKS over real HTTP (API.md §2.1): an unknown `kid` refetches at most once per 30 s,
/// a failed refresh keeps the last good keys serving, and keys that arrive late are picked up.
/// The daemon's cooldown is 30 s and not configurable, so each test waits it out once; the
/// three wait in parallel.
@Suite(.enabled(if: E2EStack.isAvailable))
struct E2EJWKSTests {
    /// The cache's refetch cooldown, plus a margin.
    static let cooldown = 31.0
    static let org = E2EDemoData.organizationA

    /// Waits out the cooldown counted from `start` without holding a test thread (the three
    /// tests wait at the same time).
    static func sleep(until start: Date) async throws {
        let remaining = start.addingTimeInterval(cooldown).timeIntervalSinceNow
        if remaining > 0 { try await Task.sleep(for: .milliseconds(Int(remaining * 1000) + 1)) }
    }

    @Test func rotatedKeysAreFetchedForAnUnknownKid() async throws {
        let stack = try E2EStack()
        let loaded = Date()
        #expect(try stack.get("/users", token: stack.memberToken(Self.org), organization: Self.org).status == 200)

        let rotated = try E2ESigner(kid: "e2e-key-2")
        try stack.keyServer.serve(rotated)
        let early = try stack.get("/users", token: rotated.token(organization: Self.org), organization: Self.org)
        // Within the cooldown the new kid is unknown: no refetch yet (no hammering), not even
        // for a storm of 50 tokens with kids nobody knows.
        #expect(early.status == 401)
        for n in 0..<50 {
            let stranger = try DevKeys.mintToken(
                .init(subject: "user_e2e", organizationId: Self.org, issuer: E2ESigner.issuer, kid: "unknown-\(n)"),
                key: rotated.key)
            #expect(try stack.get("/users", token: stranger, organization: Self.org).status == 401)
        }
        #expect(stack.keyServer.fetchCount == 1)

        try await Self.sleep(until: loaded)
        let late = try stack.get("/users", token: rotated.token(organization: Self.org), organization: Self.org)
        #expect(late.status == 200, "\(late.body)")
        #expect(stack.keyServer.fetchCount == 2)
        let health = try #require(try stack.get("/health", token: nil).json)
        #expect(health["jwks"]?["status"] == .string("ok"))
        #expect(health["jwks"]?["keys"] == .int(1))
        // The old key left the set with the rotation.
        #expect(try stack.get("/users", token: stack.memberToken(Self.org), organization: Self.org).status == 401)
    }

    @Test func aJWKSOutageAfterTheFirstLoadKeepsTheKeysServing() async throws {
        let stack = try E2EStack()
        let loaded = Date()
        try stack.keyServer.serve(nil)
        try await Self.sleep(until: loaded)

        // An unknown kid makes the daemon try a refresh, which fails.
        let stranger = try E2ESigner(kid: "e2e-unknown")
        let refused = try stack.get("/users", token: stranger.token(organization: Self.org), organization: Self.org)
        #expect(refused.status == 401)
        #expect(stack.keyServer.fetchCount == 2)

        let health = try stack.get("/health", token: nil)
        #expect(health.json?["jwks"]?["status"] == .string("stale"), "\(health.body)")
        #expect(health.json?["jwks"]?["keys"] == .int(1))
        let served = try stack.get("/users", token: stack.memberToken(Self.org), organization: Self.org)
        #expect(served.status == 200, "\(served.body)")
    }

    @Test func keysThatArriveAfterStartAreUsedOnceTheCooldownPasses() async throws {
        let stack = try E2EStack(jwksUp: false)
        let started = Date()
        let health = try stack.get("/health", token: nil)
        #expect(health.json?["jwks"]?["status"] == .string("empty"), "\(health.body)")
        #expect(health.json?["jwks"]?["keys"] == .int(0))

        let token = try stack.memberToken(Self.org)
        let unavailable = try stack.get("/users", token: token, organization: Self.org)
        #expect(unavailable.status == 503, "\(unavailable.body)")
        #expect(unavailable.json?["error"]?["code"] == .string("unavailable"))
        #expect(unavailable.header("Retry-After") != nil)
        let document = try OpenAPIDocument()
        #expect(document.validate(health.httpResponse, path: "/health") == [])
        #expect(document.validate(unavailable.httpResponse, path: "/users") == [])

        try stack.keyServer.serve(stack.signer)
        try await Self.sleep(until: started)
        let served = try stack.get("/users", token: token, organization: Self.org)
        #expect(served.status == 200, "\(served.body)")
        #expect(try stack.get("/health", token: nil).json?["jwks"]?["status"] == .string("ok"))
    }
}

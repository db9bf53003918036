import ImpressCrypto
import ImpressHTTP
import ImpressModel

/// The production `RequestAuthorizer`: verifies the Clerk session JWT of API.md §2.1,
/// turns its claims into a `Caller`, then applies the tenancy rule (§2.3).
public final class ClerkAuthorizer: RequestAuthorizer {
    /// Where verification keys come from.
    public enum KeySource: Sendable {
        /// Clerk's JWKS endpoint; the token's `kid` picks the key.
        case jwks(JWKSCache)
        /// One configured key (`CLERK_JWT_KEY`), networkless; the token's `kid` is ignored.
        case staticKey(RSAPublicKey)
    }

    public struct Configuration: Sendable {
        /// `iss` must equal this when set (required in production configuration).
        public var issuer: String?
        /// When not empty, `azp` must be one of these origins.
        public var authorizedParties: [String]
        public var keySource: KeySource
        /// Seconds since the epoch.
        public var clock: @Sendable () -> Double

        public init(
            issuer: String?, authorizedParties: [String], keySource: KeySource,
            clock: @escaping @Sendable () -> Double = WallClock.now
        ) {
            self.issuer = issuer
            self.authorizedParties = authorizedParties
            self.keySource = keySource
            self.clock = clock
        }
    }

    private let keySource: KeySource
    private let claims: SessionClaims
    private let clock: @Sendable () -> Double
    private let verified = VerifiedTokenCache()

    public init(_ configuration: Configuration) {
        keySource = configuration.keySource
        claims = SessionClaims(issuer: configuration.issuer, authorizedParties: configuration.authorizedParties)
        clock = configuration.clock
    }

    public func authorize(_ request: HTTPRequest) throws(APIError) -> AccessGrant {
        let caller: Caller
        do {
            caller = try verify(BearerToken.extract(from: request.header("authorization")))
        } catch {
            throw error.apiError
        }
        let scope = try TenantDecision.scope(for: caller, requestedOrganization: request.header("x-organization-id"))
        return AccessGrant(caller: caller, scope: scope)
    }

    /// Verifies one token: header rules, then the signature with the key its `kid` names,
    /// and only then the claims (RFC 8725 §3.3).
    /// A token verified within the last minute by the key its `kid` still names skips the
    /// parses and the RSA check (see `VerifiedTokenCache`); its claims are checked every time.
    public func verify(_ token: String) throws(AuthError) -> Caller {
        let now = clock()
        let cacheKey = VerifiedTokenCache.Token(token)
        if let entry = verified.entry(for: cacheKey, now: now), try key(for: entry.keyId) === entry.key {
            return try claims.caller(fromVerifiedClaims: entry.claims, now: now)
        }
        let jws = try CompactJWS(parsing: token)
        let key = try key(for: jws.keyId)
        try jws.verify(with: key)
        let verifiedClaims = try CompactJWS.parseObject(jws.payload)
        let caller = try claims.caller(fromVerifiedClaims: verifiedClaims, now: now)
        verified.remember(cacheKey, .init(claims: verifiedClaims, keyId: jws.keyId, key: key, verifiedAt: now))
        return caller
    }

    public var keySetStatus: KeySetStatus {
        switch keySource {
        case .jwks(let cache): return cache.status
        case .staticKey: return .ok(keys: 1)
        }
    }

    private func key(for kid: String?) throws(AuthError) -> RSAPublicKey {
        switch keySource {
        case .staticKey(let key):
            return key
        case .jwks(let cache):
            guard let kid else { throw .unknownKey }
            return try cache.key(for: kid)
        }
    }
}

import ImpressJSON

/// The claim checks of a Clerk session token (RFC 7519 §4.1, API.md §2.1), run only on a
/// payload whose signature has been verified.
public struct SessionClaims: Sendable {
    /// Clock skew tolerated on `exp`, `nbf` and `iat`, as Clerk's SDK does.
    public static let defaultLeeway: Double = 5

    /// When set, `iss` must equal it.
    public var issuer: String?
    /// When not empty, `azp` must be present and one of these.
    public var authorizedParties: [String]
    public var leeway: Double

    public init(issuer: String?, authorizedParties: [String], leeway: Double = SessionClaims.defaultLeeway) {
        self.issuer = issuer
        self.authorizedParties = authorizedParties
        self.leeway = leeway
    }

    /// The caller the verified payload describes, at time `now` (seconds since the epoch).
    public func caller(fromVerifiedPayload payload: [UInt8], now: Double) throws(AuthError) -> Caller {
        try caller(fromVerifiedClaims: try CompactJWS.parseObject(payload), now: now)
    }

    /// The same checks on a verified payload already parsed (as `VerifiedTokenCache` keeps it,
    /// so a token seen again costs the checks, not another parse).
    func caller(fromVerifiedClaims claims: JSONValue, now: Double) throws(AuthError) -> Caller {
        guard let expiry = try Self.time(claims["exp"]) else { throw .missingClaim }
        guard case .string(let subject)? = claims["sub"], !subject.isEmpty else {
            throw claims["sub"] == nil ? .missingClaim : .malformed
        }
        // RFC 7519 §4.1.4: the token must not be accepted on or after `exp` (plus leeway).
        guard now < expiry + leeway else { throw .expired }
        if let notBefore = try Self.time(claims["nbf"]), notBefore > now + leeway { throw .notYetValid }
        if let issuedAt = try Self.time(claims["iat"]), issuedAt > now + leeway { throw .notYetValid }

        if let issuer, claims["iss"]?.stringValue != issuer { throw .wrongIssuer }
        if !authorizedParties.isEmpty {
            guard let party = claims["azp"]?.stringValue, authorizedParties.contains(party) else { throw .wrongParty }
        }
        // Clerk: a session in `pending` status has not finished signing in.
        if claims["sts"]?.stringValue == "pending" { throw .sessionPending }

        return Caller(
            subject: subject,
            organizationId: try Self.activeOrganization(claims),
            isSuperadmin: Self.isSuperadmin(claims))
    }

    /// A NumericDate (RFC 7519 §2): absent → nil; present but not a finite number → malformed.
    private static func time(_ claim: JSONValue?) throws(AuthError) -> Double? {
        guard let claim else { return nil }
        guard let seconds = claim.doubleValue, seconds.isFinite else { throw .malformed }
        return seconds
    }

    /// Clerk session token v2 carries the active organization as `o.id` (with `v: 2`);
    /// v1 as `org_id`. Either, when present, must be a string.
    private static func activeOrganization(_ claims: JSONValue) throws(AuthError) -> String? {
        let member = claims["o"].map { $0["id"] } ?? claims["org_id"]
        switch member {
        case nil, .null?: return nil
        case .string(let id)?: return id.isEmpty ? nil : id
        default: throw .malformed
        }
    }

    /// API.md §2.2: `metadata.role` or `public_metadata.role` is `"superadmin"`.
    private static func isSuperadmin(_ claims: JSONValue) -> Bool {
        ["metadata", "public_metadata"].contains { claims[$0]?["role"]?.stringValue == "superadmin" }
    }
}

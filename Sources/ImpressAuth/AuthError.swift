import ImpressHTTP

/// Why a request's token was refused (API.md §2.1). Each case is a reason class: the client
/// learns the class, never the token or which byte was wrong.
public enum AuthError: Error, Sendable, Equatable {
    /// No `Authorization: Bearer …` header.
    case missingBearer
    /// Not a compact JWS of strict base64url JSON objects, too long, duplicate members,
    /// a claim of the wrong type, an empty signature.
    case malformed
    /// `alg` other than `RS256` (RFC 8725 §3.1: one algorithm, fixed in advance).
    case unsupportedAlgorithm
    /// `crit`, `jku`, `x5u`, `x5c`, `jwk`, or a `typ` other than `JWT` (RFC 8725 §3.11).
    case unsupportedHeader
    /// No usable key with the token's `kid` (or no `kid` where one is required).
    case unknownKey
    /// The key is smaller than 2048 bits.
    case weakKey
    /// The signature does not verify.
    case badSignature
    case expired
    /// `nbf` or `iat` lies in the future beyond the leeway.
    case notYetValid
    case wrongIssuer
    /// `azp` missing or not one of the authorized parties.
    case wrongParty
    /// `exp` or `sub` absent.
    case missingClaim
    /// Clerk's `sts` = `pending`: the session is not signed in yet.
    case sessionPending
    /// The key set was never loaded: the service cannot verify anything yet.
    case noKeys

    public var reasonClass: String {
        switch self {
        case .missingBearer: return "missing bearer token"
        case .malformed: return "malformed"
        case .unsupportedAlgorithm: return "unsupported algorithm"
        case .unsupportedHeader: return "unsupported header"
        case .unknownKey: return "unknown key"
        case .weakKey: return "weak key"
        case .badSignature: return "bad signature"
        case .expired: return "expired"
        case .notYetValid: return "not yet valid"
        case .wrongIssuer: return "wrong issuer"
        case .wrongParty: return "wrong authorized party"
        case .missingClaim: return "missing claim"
        case .sessionPending: return "session pending"
        case .noKeys: return "no verification keys"
        }
    }

    /// The client-facing error (API.md §3): 401 for every refused token, 503 while no key
    /// set has been loaded (the fault is ours, the client may retry).
    public var apiError: APIError {
        switch self {
        case .missingBearer: return APIError(.unauthorized, "Missing bearer token")
        case .noKeys: return APIError(.unavailable, "Token verification keys are not available yet", retryAfter: 5)
        default: return APIError(.unauthorized, "Invalid token: \(reasonClass)")
        }
    }
}

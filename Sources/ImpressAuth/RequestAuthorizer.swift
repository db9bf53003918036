import ImpressHTTP
import ImpressModel

/// Who is calling, as a verified token says (API.md §2).
public struct Caller: Sendable, Equatable {
    /// The token's `sub`.
    public var subject: String
    /// The active organization: v1 `org_id`, v2 `o.id`.
    public var organizationId: String?
    /// `metadata.role` or `public_metadata.role` is `"superadmin"`.
    public var isSuperadmin: Bool

    public init(subject: String, organizationId: String?, isSuperadmin: Bool) {
        self.subject = subject
        self.organizationId = organizationId
        self.isSuperadmin = isSuperadmin
    }
}

/// What an authorized request may read.
public struct AccessGrant: Sendable, Equatable {
    public var caller: Caller
    public var scope: TenantScope

    public init(caller: Caller, scope: TenantScope) {
        self.caller = caller
        self.scope = scope
    }
}

/// The state of the verification keys, for `/health`.
public enum KeySetStatus: Sendable, Equatable {
    /// Keys loaded and fresh.
    case ok(keys: Int)
    /// Keys loaded, but the last refresh failed.
    case stale(keys: Int)
    /// No keys yet: authenticated routes answer 503.
    case empty

    public var name: String {
        switch self {
        case .ok: return "ok"
        case .stale: return "stale"
        case .empty: return "empty"
        }
    }

    public var keyCount: Int {
        switch self {
        case .ok(let n), .stale(let n): return n
        case .empty: return 0
        }
    }
}

/// Turns a request into an access grant or the error to answer with. Every route but
/// `/health` and `OPTIONS` goes through exactly one of these.
public protocol RequestAuthorizer: Sendable {
    func authorize(_ request: HTTPRequest) throws(APIError) -> AccessGrant
    var keySetStatus: KeySetStatus { get }
}

/// The tenancy rule of API.md §2.3, in one place. `x-organization-id` names the organization
/// to read; only a superadmin may name one that is not the token's own (CWE-639).
public enum TenantDecision {
    public static func scope(for caller: Caller, requestedOrganization: String?) throws(APIError) -> TenantScope {
        switch requestedOrganization {
        case let org? where !org.isEmpty:
            if caller.isSuperadmin || caller.organizationId == org { return .organization(org) }
            throw APIError(.forbidden, "The token's organization does not match x-organization-id")
        default:
            if caller.isSuperadmin { return .allOrganizations }
            throw APIError(.forbidden, "No organization selected")
        }
    }
}

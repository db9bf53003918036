/// The kinds of identity-graph node (API.md §4 /identity-graph), declared in the code-point
/// order of their id prefixes (`dp:` < `fp:` < `user:`), so ordering nodes by kind, then raw
/// id, is exactly the code-point order of their prefixed ids.
public enum IdentityNodeType: UInt8, Sendable, Comparable {
    case domainprint, fingerprint, user

    /// The node id prefix.
    public var prefix: String {
        switch self {
        case .domainprint: "dp:"
        case .fingerprint: "fp:"
        case .user: "user:"
        }
    }

    /// The node's `type` in responses.
    public var name: String {
        switch self {
        case .domainprint: "domainprint"
        case .fingerprint: "fingerprint"
        case .user: "user"
        }
    }

    public static func < (a: IdentityNodeType, b: IdentityNodeType) -> Bool { a.rawValue < b.rawValue }
}

/// A node's identity: its kind and raw id (`label`); `id` is the prefixed form.
public struct IdentityNodeKey: Sendable, Hashable, Comparable {
    public var type: IdentityNodeType
    public var raw: String

    public init(type: IdentityNodeType, raw: String) {
        self.type = type
        self.raw = raw
    }

    /// `user:{id}`, `fp:{id}` or `dp:{id}`.
    public var id: String { type.prefix + raw }

    /// Code-point order of `id` (see `IdentityNodeType`).
    public static func < (a: IdentityNodeKey, b: IdentityNodeKey) -> Bool {
        a.type != b.type ? a.type < b.type : a.raw.precedesByCodePoint(b.raw)
    }
}

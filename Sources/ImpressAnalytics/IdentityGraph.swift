import ImpressJSON

/// The `/identity-graph` body (API.md §4), without the members every route adds.
/// Orders (the contract names none): nodes by id, edges by (source, target), clusters largest
/// first then by id, hubs by id, every id in code-point order.
public struct IdentityGraph: Sendable {
    public var nodes: [Node]
    public var edges: [Edge]
    public var clusters: [Cluster]
    /// Every hub of the window, whichever clusters are returned.
    public var hubs: [Hub]

    public struct Node: Sendable {
        public var key: IdentityNodeKey
        /// Events carrying this id.
        public var eventCount: Int
        /// Domains of those events, sorted.
        public var domains: [String]

        public var json: JSONValue {
            .object([
                ("id", .string(key.id)),
                ("type", .string(key.type.name)),
                ("label", .string(key.raw)),
                ("event_count", .int(eventCount)),
                ("domains", .strings(domains)),
            ])
        }
    }

    /// Undirected: `source` precedes `target` by code point.
    public struct Edge: Sendable, Equatable {
        public var source: String
        public var target: String
        /// Events linking the two ids.
        public var weight: Int

        public var json: JSONValue {
            .object([("source", .string(source)), ("target", .string(target)), ("weight", .int(weight))])
        }
    }

    public struct Cluster: Sendable, Equatable {
        /// The smallest node id.
        public var id: String
        /// Node count.
        public var size: Int
        /// Raw user ids, sorted.
        public var users: [String]
        public var fingerprintCount: Int
        public var domainprintCount: Int
        public var domains: [String]

        public var json: JSONValue {
            .object([
                ("id", .string(id)),
                ("size", .int(size)),
                ("users", .strings(users)),
                ("fingerprint_count", .int(fingerprintCount)),
                ("domainprint_count", .int(domainprintCount)),
                ("domains", .strings(domains)),
            ])
        }
    }

    /// A fingerprint with more than 10 users or a domainprint with more than 10 fingerprints;
    /// `id` is the node id it would have had (`fp:…`, `dp:…`).
    public struct Hub: Sendable {
        public var key: IdentityNodeKey
        public var users: Int
        /// 1 for a fingerprint hub (itself).
        public var fingerprints: Int

        public var json: JSONValue {
            .object([
                ("id", .string(key.id)),
                ("type", .string(key.type.name)),
                ("users", .int(users)),
                ("fingerprints", .int(fingerprints)),
            ])
        }
    }

    /// `stats`: the returned graph, not the whole window.
    public var stats: JSONValue {
        .object([
            ("node_count", .int(nodes.count)),
            ("edge_count", .int(edges.count)),
            ("cluster_count", .int(clusters.count)),
            ("multi_user_clusters", .int(clusters.count(where: { $0.users.count >= 2 }))),
            ("cross_domain_clusters", .int(clusters.count(where: { $0.domains.count >= 2 }))),
        ])
    }

    public var members: [(key: String, value: JSONValue)] {
        [
            ("nodes", .array(nodes.map(\.json))),
            ("edges", .array(edges.map(\.json))),
            ("clusters", .array(clusters.map(\.json))),
            ("hubs", .array(hubs.map(\.json))),
            ("stats", stats),
        ]
    }
}

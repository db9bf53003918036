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

        public func write(to out: inout JSONOutput) {
            out.object { out in
                out.member("id", key.id)
                out.member("type", key.type.name)
                out.member("label", key.raw)
                out.member("event_count", eventCount)
                out.member("domains", strings: domains)
            }
        }
    }

    /// Undirected: `source` precedes `target` by code point.
    public struct Edge: Sendable, Equatable {
        public var source: String
        public var target: String
        /// Events linking the two ids.
        public var weight: Int

        public func write(to out: inout JSONOutput) {
            out.object { out in
                out.member("source", source)
                out.member("target", target)
                out.member("weight", weight)
            }
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

        public func write(to out: inout JSONOutput) {
            out.object { out in
                out.member("id", id)
                out.member("size", size)
                out.member("users", strings: users)
                out.member("fingerprint_count", fingerprintCount)
                out.member("domainprint_count", domainprintCount)
                out.member("domains", strings: domains)
            }
        }
    }

    /// A fingerprint with more than 10 users or a domainprint with more than 10 fingerprints;
    /// `id` is the node id it would have had (`fp:…`, `dp:…`).
    public struct Hub: Sendable {
        public var key: IdentityNodeKey
        public var users: Int
        /// 1 for a fingerprint hub (itself).
        public var fingerprints: Int

        public func write(to out: inout JSONOutput) {
            out.object { out in
                out.member("id", key.id)
                out.member("type", key.type.name)
                out.member("users", users)
                out.member("fingerprints", fingerprints)
            }
        }
    }

    /// `stats`: the returned graph, not the whole window.
    public func writeStats(to out: inout JSONOutput) {
        out.object { out in
            out.member("node_count", nodes.count)
            out.member("edge_count", edges.count)
            out.member("cluster_count", clusters.count)
            out.member("multi_user_clusters", clusters.count(where: { $0.users.count >= 2 }))
            out.member("cross_domain_clusters", clusters.count(where: { $0.domains.count >= 2 }))
        }
    }

    public func writeMembers(to out: inout JSONOutput) {
        out.key("nodes")
        out.array { out in for node in nodes { node.write(to: &out) } }
        out.key("edges")
        out.array { out in for edge in edges { edge.write(to: &out) } }
        out.key("clusters")
        out.array { out in for cluster in clusters { cluster.write(to: &out) } }
        out.key("hubs")
        out.array { out in for hub in hubs { hub.write(to: &out) } }
        out.key("stats")
        writeStats(to: &out)
    }
}

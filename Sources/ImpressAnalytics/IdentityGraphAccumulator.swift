import ImpressModel

/// `/identity-graph` (API.md §4) over a window's events, fed page by page in any order.
/// Memory grows with distinct ids, linked pairs and (id, domain) pairs, not with events.
///
/// Decisions where the contract is silent:
/// - An event whose only other id is a hub still makes its user (or fingerprint, or
///   domainprint) a node: only the edges to the hub are left out.
/// - Every event has a fingerprint, so every event's ids that are not hubs land in one
///   cluster; a cluster's `domains` are those of its nodes' events.
public struct IdentityGraphAccumulator: Sendable {
    /// A fingerprint seen with more users than this, or a domainprint seen with more
    /// fingerprints than this, is a hub.
    public static let hubThreshold = 10

    /// Node id by the key (`Event.Keys`) of its raw id, one table per node type (the key space
    /// is shared by every field, so a user and a fingerprint may have the same key); -1 where
    /// the key has no node yet.
    private var userNodes: [Int32] = []
    private var fingerprintNodes: [Int32] = []
    private var domainprintNodes: [Int32] = []
    private var nodes: [IdentityNodeKey] = []
    private var eventCounts: [Int] = []
    /// Distinct users linked to each fingerprint or domainprint node.
    private var distinctUsers: [Int] = []
    /// Distinct fingerprints linked to each domainprint node.
    private var distinctFingerprints: [Int] = []
    private var domains = KeySlots()
    /// Each node's domains among the first 64 (by local id), as bits: a window has few domains,
    /// and setting a bit spares hashing a (node, domain) pair per event.
    private var domainBits: [UInt64] = []
    /// (node, domain) pairs of the other domains.
    private var moreNodeDomains: Set<UInt64> = []
    /// Linked pairs (smaller node id first) and the events linking each.
    private var edges: [(a: UInt32, b: UInt32, weight: Int)] = []
    /// Edge index by pair, asked only when `userLinks`/`domainprintLinks` miss.
    private var edgeIndex: [UInt64: UInt32] = [:]
    /// The last edge each node got to a user (slot `2 · node`) and to a domainprint (slot
    /// `2 · node + 1`): a device mostly shows up with the same person and the same domainprint,
    /// and a domainprint with the same person, so most links are counted without hashing.
    private var lastLinks: [LastLink] = []
    /// Keys events that come without them (see `KeyedEventAccumulator`).
    public var keyTable = Event.KeyTable()

    public init() {}

    /// The per-event work, reading the event in place with its interned keys.
    public mutating func add(at event: UnsafePointer<Event>, keys: Event.Keys) {
        let fingerprint = node(.fingerprint, keys.fingerprint) { event.pointee.fingerprint }
        let user = keys.user == Event.Keys.absent ? nil : node(.user, keys.user) { event.pointee.userId ?? "" }
        let domainprint =
            keys.domainprint == Event.Keys.absent
            ? nil : node(.domainprint, keys.domainprint) { event.pointee.domainprint ?? "" }
        if keys.domain != Event.Keys.absent {
            let d = domains.id(keys.domain) { event.pointee.domain ?? "" }
            addDomain(d, to: fingerprint)
            if let user { addDomain(d, to: user) }
            if let domainprint { addDomain(d, to: domainprint) }
        }
        if let user, link(user, fingerprint, slot: 2 * Int(fingerprint)) { distinctUsers[Int(fingerprint)] += 1 }
        if let domainprint, link(domainprint, fingerprint, slot: 2 * Int(fingerprint) + 1) {
            distinctFingerprints[Int(domainprint)] += 1
        }
        if let user, let domainprint, link(user, domainprint, slot: 2 * Int(domainprint)) {
            distinctUsers[Int(domainprint)] += 1
        }
    }

    @inline(__always)
    private mutating func addDomain(_ domain: UInt32, to node: UInt32) {
        if domain < 64 {
            domainBits[Int(node)] |= 1 << UInt64(domain)
        } else {
            moreNodeDomains.insert(PairKey.make(node, domain))
        }
    }

    /// The node id of the `type` id whose key is `key` (not `absent`), counting this event on
    /// it; `raw` is read only when the node is new.
    private mutating func node(_ type: IdentityNodeType, _ key: Int32, _ raw: () -> String) -> UInt32 {
        let slot = Int(key)
        let known: Int32
        switch type {
        case .user: known = Self.lookup(userNodes, slot)
        case .fingerprint: known = Self.lookup(fingerprintNodes, slot)
        case .domainprint: known = Self.lookup(domainprintNodes, slot)
        }
        if known >= 0 {
            eventCounts[Int(known)] += 1
            return UInt32(truncatingIfNeeded: known)
        }
        // Nodes are bounded by distinct keys, which fit in Int32 (see `Event.KeyTable`).
        let id = Int32(truncatingIfNeeded: nodes.count)
        switch type {
        case .user: Self.assign(id, to: slot, in: &userNodes)
        case .fingerprint: Self.assign(id, to: slot, in: &fingerprintNodes)
        case .domainprint: Self.assign(id, to: slot, in: &domainprintNodes)
        }
        nodes.append(IdentityNodeKey(type: type, raw: raw()))
        eventCounts.append(1)
        domainBits.append(0)
        lastLinks.append(LastLink())
        lastLinks.append(LastLink())
        distinctUsers.append(0)
        distinctFingerprints.append(0)
        return UInt32(truncatingIfNeeded: id)
    }

    @inline(__always)
    private static func lookup(_ slots: [Int32], _ slot: Int) -> Int32 {
        slot < slots.count ? slots[slot] : -1
    }

    private static func assign(_ id: Int32, to slot: Int, in slots: inout [Int32]) {
        if slot >= slots.count {
            // Geometric growth: a run of new keys costs amortised constant time.
            let target = Swift.max(slot + 1, slots.count * 2)
            slots.append(contentsOf: repeatElement(-1, count: target - slots.count))
        }
        slots[slot] = id
    }

    /// Counts one event on the edge of `partner` and `node`, whose last link of the partner's
    /// kind is in `lastLinks[slot]`; true when the pair is new.
    private mutating func link(_ partner: UInt32, _ node: UInt32, slot: Int) -> Bool {
        let last = lastLinks[slot]
        if last.partner == partner {
            edges[Int(last.edge)].weight += 1
            return false
        }
        let a = min(partner, node)
        let b = max(partner, node)
        let pair = PairKey.make(a, b)
        if let known = edgeIndex[pair] {
            edges[Int(known)].weight += 1
            lastLinks[slot] = LastLink(partner: partner, edge: known)
            return false
        }
        // Fewer than 2^32 edges: each came with an event in memory.
        let edge = UInt32(truncatingIfNeeded: edges.count)
        edgeIndex[pair] = edge
        lastLinks[slot] = LastLink(partner: partner, edge: edge)
        edges.append((a, b, 1))
        return true
    }

    private func isHub(_ node: Int) -> Bool {
        switch nodes[node].type {
        case .fingerprint: distinctUsers[node] > Self.hubThreshold
        case .domainprint: distinctFingerprints[node] > Self.hubThreshold
        case .user: false
        }
    }

    /// The graph of the `limit` largest clusters (ties by cluster id) of at least `minSize`
    /// nodes, with the hubs of the whole window.
    public func finish(minSize: Int = 2, limit: Int = 50) -> IdentityGraph {
        let hub = nodes.indices.map(isHub)
        var components = UnionFind(count: nodes.count)
        for edge in edges where !hub[Int(edge.a)] && !hub[Int(edge.b)] {
            components.union(edge.a, edge.b)
        }
        var membersByRoot: [UInt32: [UInt32]] = [:]
        for node in nodes.indices where !hub[node] {
            let id = UInt32(truncatingIfNeeded: node)
            membersByRoot[components.find(id), default: []].append(id)
        }
        // Choose clusters by size and id before building their details.
        let candidates = membersByRoot.values.compactMap { members -> (id: IdentityNodeKey, members: [UInt32])? in
            guard members.count >= max(minSize, 1), let first = members.first else { return nil }
            let id = members.reduce(nodes[Int(first)]) { Swift.min($0, nodes[Int($1)]) }
            return (id, members)
        }
        let chosen = candidates.sorted { a, b in
            a.members.count != b.members.count ? a.members.count > b.members.count : a.id < b.id
        }.prefix(max(limit, 0))

        var isChosen = Array(repeating: false, count: nodes.count)
        for cluster in chosen { for n in cluster.members { isChosen[Int(n)] = true } }
        var domainsByNode: [UInt32: [String]] = [:]
        for node in nodes.indices where isChosen[node] && domainBits[node] != 0 {
            var bits = domainBits[node]
            var names: [String] = []
            while bits != 0 {
                names.append(domains[UInt32(bits.trailingZeroBitCount)])
                bits &= bits - 1
            }
            domainsByNode[UInt32(truncatingIfNeeded: node)] = names
        }
        for key in moreNodeDomains where isChosen[Int(PairKey.first(key))] {
            domainsByNode[PairKey.first(key), default: []].append(domains[PairKey.second(key)])
        }
        let sortedDomains = domainsByNode.mapValues { $0.sorted { $0.precedesByCodePoint($1) } }

        let clusters = chosen.map { cluster in
            let members = cluster.members.map { nodes[Int($0)] }
            var clusterDomains: Set<String> = []
            for n in cluster.members { clusterDomains.formUnion(sortedDomains[n] ?? []) }
            return IdentityGraph.Cluster(
                id: cluster.id.id,
                size: members.count,
                users: members.filter { $0.type == .user }.map(\.raw).sorted { $0.precedesByCodePoint($1) },
                fingerprintCount: members.count(where: { $0.type == .fingerprint }),
                domainprintCount: members.count(where: { $0.type == .domainprint }),
                domains: clusterDomains.sorted { $0.precedesByCodePoint($1) })
        }
        let graphNodes = nodes.indices.filter { isChosen[$0] }
            .sorted { nodes[$0] < nodes[$1] }
            .map { i in
                IdentityGraph.Node(
                    key: nodes[i], eventCount: eventCounts[i],
                    domains: sortedDomains[UInt32(truncatingIfNeeded: i)] ?? [])
            }
        let graphEdges = edges.compactMap { edge -> (source: IdentityNodeKey, target: IdentityNodeKey, weight: Int)? in
            let (a, b, weight) = (Int(edge.a), Int(edge.b), edge.weight)
            // Both ends of a kept edge are in the same cluster, so one end decides.
            guard isChosen[a], isChosen[b] else { return nil }
            return nodes[a] < nodes[b] ? (nodes[a], nodes[b], weight) : (nodes[b], nodes[a], weight)
        }
        .sorted { $0.source != $1.source ? $0.source < $1.source : $0.target < $1.target }
        .map { IdentityGraph.Edge(source: $0.source.id, target: $0.target.id, weight: $0.weight) }
        let hubs = nodes.indices.filter { hub[$0] }
            .sorted { nodes[$0] < nodes[$1] }
            .map { i in
                IdentityGraph.Hub(
                    key: nodes[i], users: distinctUsers[i],
                    fingerprints: nodes[i].type == .fingerprint ? 1 : distinctFingerprints[i])
            }
        return IdentityGraph(nodes: graphNodes, edges: graphEdges, clusters: clusters, hubs: hubs)
    }
}

/// A node's last edge to one kind of partner (`IdentityGraphAccumulator.link`).
private struct LastLink: Sendable {
    var partner = UInt32.max
    var edge: UInt32 = 0
}

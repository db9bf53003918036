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
    /// (node, domain) pairs.
    private var nodeDomains: Set<UInt64> = []
    /// Events per linked pair, keyed (smaller node id, larger node id) by dense id.
    private var edgeWeights: [UInt64: Int] = [:]
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
            nodeDomains.insert(PairKey.make(fingerprint, d))
            if let user { nodeDomains.insert(PairKey.make(user, d)) }
            if let domainprint { nodeDomains.insert(PairKey.make(domainprint, d)) }
        }
        if let user, link(user, fingerprint) { distinctUsers[Int(fingerprint)] += 1 }
        if let domainprint, link(fingerprint, domainprint) { distinctFingerprints[Int(domainprint)] += 1 }
        if let user, let domainprint, link(user, domainprint) { distinctUsers[Int(domainprint)] += 1 }
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

    /// Counts one event on the pair's edge; true when the pair is new.
    private mutating func link(_ a: UInt32, _ b: UInt32) -> Bool {
        bumpIsFirst(&edgeWeights[PairKey.make(min(a, b), max(a, b)), default: 0])
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
        for key in edgeWeights.keys where !hub[Int(PairKey.first(key))] && !hub[Int(PairKey.second(key))] {
            components.union(PairKey.first(key), PairKey.second(key))
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
        for key in nodeDomains where isChosen[Int(PairKey.first(key))] {
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
        let graphEdges = edgeWeights.compactMap { key, weight -> (source: IdentityNodeKey, target: IdentityNodeKey, weight: Int)? in
            let a = Int(PairKey.first(key))
            let b = Int(PairKey.second(key))
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

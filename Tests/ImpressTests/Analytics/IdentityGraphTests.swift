import ImpressJSON
import ImpressModel
import Testing

@testable import ImpressAnalytics

@Suite struct IdentityGraphTests {
    private static func graph(_ events: [Event], minSize: Int = 2, limit: Int = 50) -> IdentityGraph {
        var accumulator = IdentityGraphAccumulator()
        accumulator.add(contentsOf: events)
        return accumulator.finish(minSize: minSize, limit: limit)
    }

    /// Cluster A = {dp:D1, fp:F1, fp:F2, user:u1, user:u2} (5 nodes, two domains),
    /// B = {fp:F4, user:u3}, C = {fp:F9, user:u0} (2 nodes each), and the lone fp:F3.
    private static func sampleEvents() throws -> [Event] {
        try SampleEvent.events([
            SampleEvent(ts: 1, fp: "F1", user: "u1", dp: "D1", domain: "a.com"),
            SampleEvent(ts: 2, fp: "F1", user: "u1", domain: "b.com"),
            SampleEvent(ts: 3, fp: "F2", user: "u2", dp: "D1", domain: "b.com"),
            SampleEvent(ts: 4, fp: "F3", domain: "c.com"),
            SampleEvent(ts: 5, fp: "F4", user: "u3", domain: "a.com"),
            SampleEvent(ts: 6, fp: "F9", user: "u0"),
        ])
    }

    @Test func clustersNodesEdgesAndStats() throws {
        let expected = #"{"nodes":["#
            + #"{"id":"dp:D1","type":"domainprint","label":"D1","event_count":2,"domains":["a.com","b.com"]},"#
            + #"{"id":"fp:F1","type":"fingerprint","label":"F1","event_count":2,"domains":["a.com","b.com"]},"#
            + #"{"id":"fp:F2","type":"fingerprint","label":"F2","event_count":1,"domains":["b.com"]},"#
            + #"{"id":"fp:F4","type":"fingerprint","label":"F4","event_count":1,"domains":["a.com"]},"#
            + #"{"id":"fp:F9","type":"fingerprint","label":"F9","event_count":1,"domains":[]},"#
            + #"{"id":"user:u0","type":"user","label":"u0","event_count":1,"domains":[]},"#
            + #"{"id":"user:u1","type":"user","label":"u1","event_count":2,"domains":["a.com","b.com"]},"#
            + #"{"id":"user:u2","type":"user","label":"u2","event_count":1,"domains":["b.com"]},"#
            + #"{"id":"user:u3","type":"user","label":"u3","event_count":1,"domains":["a.com"]}],"#
            + #""edges":["#
            + #"{"source":"dp:D1","target":"fp:F1","weight":1},{"source":"dp:D1","target":"fp:F2","weight":1},"#
            + #"{"source":"dp:D1","target":"user:u1","weight":1},{"source":"dp:D1","target":"user:u2","weight":1},"#
            + #"{"source":"fp:F1","target":"user:u1","weight":2},{"source":"fp:F2","target":"user:u2","weight":1},"#
            + #"{"source":"fp:F4","target":"user:u3","weight":1},{"source":"fp:F9","target":"user:u0","weight":1}],"#
            + #""clusters":["#
            + #"{"id":"dp:D1","size":5,"users":["u1","u2"],"fingerprint_count":2,"domainprint_count":1,"domains":["a.com","b.com"]},"#
            + #"{"id":"fp:F4","size":2,"users":["u3"],"fingerprint_count":1,"domainprint_count":0,"domains":["a.com"]},"#
            + #"{"id":"fp:F9","size":2,"users":["u0"],"fingerprint_count":1,"domainprint_count":0,"domains":[]}],"#
            + #""hubs":[],"#
            + #""stats":{"node_count":9,"edge_count":8,"cluster_count":3,"multi_user_clusters":1,"cross_domain_clusters":1}}"#
        for order in SampleEvent.orders(of: try Self.sampleEvents()) {
            #expect(SampleEvent.text(Self.graph(order).writeMembers) == expected)
        }
    }

    @Test(arguments: [
        (1, 50, ["dp:D1", "fp:F4", "fp:F9", "fp:F3"]),  // size 1 admitted: the lone fingerprint last
        (2, 50, ["dp:D1", "fp:F4", "fp:F9"]),
        (3, 50, ["dp:D1"]),
        (6, 50, []),
        (2, 1, ["dp:D1"]),
        (1, 2, ["dp:D1", "fp:F4"]),  // equal sizes: by cluster id
    ] as [(Int, Int, [String])])
    func minSizeAndLimitChooseClusters(minSize: Int, limit: Int, clusterIds: [String]) throws {
        let graph = Self.graph(try Self.sampleEvents(), minSize: minSize, limit: limit)
        #expect(graph.clusters.map(\.id) == clusterIds)
        // Nodes and edges only of the returned clusters; stats describe them.
        let sizes = ["dp:D1": (5, 6), "fp:F4": (2, 1), "fp:F9": (2, 1), "fp:F3": (1, 0)]
        let nodeCount = clusterIds.reduce(0) { $0 + (sizes[$1]?.0 ?? 0) }
        let edgeCount = clusterIds.reduce(0) { $0 + (sizes[$1]?.1 ?? 0) }
        #expect(graph.nodes.count == nodeCount)
        #expect(graph.edges.count == edgeCount)
        let stats = try SampleEvent.parsed(graph.writeStats)
        #expect(stats["node_count"] == .int(nodeCount))
        #expect(stats["edge_count"] == .int(edgeCount))
        #expect(stats["cluster_count"] == .int(clusterIds.count))
    }

    /// v01, v02, …
    private static func kioskUser(_ i: Int) -> String { "v" + (i < 10 ? "0" : "") + String(i) }

    /// One fingerprint K seen with `userCount` users v01…
    private static func kioskEvents(userCount: Int) throws -> [Event] {
        try SampleEvent.events((1...userCount).map { i in SampleEvent(ts: Int64(i), fp: "K", user: kioskUser(i)) })
    }

    @Test func fingerprintWithTenUsersIsNoHub() throws {
        let graph = Self.graph(try Self.kioskEvents(userCount: 10))
        #expect(graph.hubs.isEmpty)
        #expect(graph.clusters.map(\.id) == ["fp:K"])
        #expect(graph.clusters.first?.size == 11)
        #expect(graph.clusters.first?.users.count == 10)
        #expect(graph.edges.count == 10)
    }

    @Test func fingerprintWithElevenUsersIsAHubAndJoinsNothing() throws {
        let events = try Self.kioskEvents(userCount: 11)
        #expect(Self.graph(events).clusters.isEmpty)
        #expect(SampleEvent.text { out in Self.writeHubs(Self.graph(events), to: &out) }
            == #"{"hubs":[{"id":"fp:K","type":"fingerprint","users":11,"fingerprints":1}]}"#)
        // Its users are still nodes, each alone; the hub is none.
        let all = Self.graph(events, minSize: 1)
        #expect(all.clusters.count == 11)
        let expectedNodes: [String] = (1...11).map { "user:" + Self.kioskUser($0) }
        #expect(all.nodes.map(\.key.id) == expectedNodes)
        #expect(all.edges.isEmpty)
    }

    @Test func hubEdgesAreLeftOutButOtherLinksStay() throws {
        var events = try Self.kioskEvents(userCount: 11)
        // v01 also uses their own phone P: {user:v01, fp:P} is a cluster, K is not in it.
        events += try SampleEvent.events([SampleEvent(ts: 100, fp: "P", user: "v01", domain: "shop.example")])
        let graph = Self.graph(events)
        #expect(graph.clusters.map(\.id) == ["fp:P"])
        #expect(graph.clusters.first?.users == ["v01"])
        #expect(graph.edges == [IdentityGraph.Edge(source: "fp:P", target: "user:v01", weight: 1)])
        // v01's node counts all its events, the kiosk's included.
        #expect(graph.nodes.first { $0.key.id == "user:v01" }?.eventCount == 2)
    }

    @Test(arguments: [(10, false), (11, true)])
    func domainprintHubCountsFingerprints(fingerprintCount: Int, isHub: Bool) throws {
        // Domainprint H on fingerprints G01…, each with its own user w01….
        let events = try SampleEvent.events(
            (1...fingerprintCount).map { i in
                let n = (i < 10 ? "0" : "") + String(i)
                return SampleEvent(ts: Int64(i), fp: "G" + n, user: "w" + n, dp: "H", domain: "d\(i % 2).com")
            })
        let graph = Self.graph(events)
        if isHub {
            #expect(SampleEvent.text { out in Self.writeHubs(graph, to: &out) }
                == #"{"hubs":[{"id":"dp:H","type":"domainprint","users":11,"fingerprints":11}]}"#)
            // Each fingerprint and its user remain a pair.
            #expect(graph.clusters.count == 11)
            #expect(graph.clusters.allSatisfy { $0.size == 2 })
            #expect(graph.clusters.first?.id == "fp:G01")
        } else {
            #expect(graph.hubs.isEmpty)
            #expect(graph.clusters.map(\.id) == ["dp:H"])
            #expect(graph.clusters.first?.size == 21)
            #expect(graph.clusters.first?.domains == ["d0.com", "d1.com"])
            let stats = try SampleEvent.parsed(graph.writeStats)
            #expect(stats["multi_user_clusters"] == .int(1))
            #expect(stats["cross_domain_clusters"] == .int(1))
        }
    }

    @Test func clusterIdIsTheSmallestIdByCodePoint() throws {
        // "Z" (U+005A) precedes "a" (U+0061); "fp:" precedes "user:" whatever follows.
        let events = try SampleEvent.events([
            SampleEvent(ts: 1, fp: "a", user: "Z"),
            SampleEvent(ts: 2, fp: "b", user: "A"),
            SampleEvent(ts: 3, fp: "b", user: "Z"),
        ])
        let graph = Self.graph(events)
        #expect(graph.clusters.map(\.id) == ["fp:a"])
        #expect(graph.clusters.first?.users == ["A", "Z"])
        #expect(graph.nodes.map(\.key.id) == ["fp:a", "fp:b", "user:A", "user:Z"])
    }

    private static func writeHubs(_ graph: IdentityGraph, to out: inout JSONOutput) {
        out.key("hubs")
        out.array { out in for hub in graph.hubs { hub.write(to: &out) } }
    }
}

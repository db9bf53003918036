import AWSSigV4
import DynamoDB
import ImpressModel
import ImpressStore
import Synchronization
import Testing

/// The events of the store fixture, as plain values the expectations are computed from.
struct FixtureEvent {
    var fingerprint: String
    var organizationId: String
    var timestamp: Int64
    var sortKey: String
    var userId: String?
    var domainprint: String
}

/// One table in the shared moto, seeded once: 120 events a minute apart over two orgs,
/// six fingerprints, three users (every fifth event anonymous), four domainprints; three
/// extra events share a timestamp with another (`#2` suffix); two malformed items.
enum StoreFixture {
    static let table = "store-events"
    static let t0: Int64 = 1_700_000_000_000
    static let bigNumber = "12345678901234567890123456789012345678"

    static let events: [FixtureEvent] = {
        var events = (0..<120).map { i -> FixtureEvent in
            let ts = t0 + Int64(i) * 60_000
            return FixtureEvent(
                fingerprint: "fp\(i % 6)", organizationId: i % 4 == 3 ? "org_b" : "org_a", timestamp: ts,
                sortKey: "EVENT#\(ts)", userId: i % 5 == 0 ? nil : "u\(i % 3)", domainprint: "dp\(i % 4)")
        }
        for i in [20, 40, 41] {
            var twin = events[i]
            twin.sortKey += "#2"
            events.append(twin)
        }
        return events
    }()

    static func item(_ e: FixtureEvent, index: Int) -> Item {
        var item: Item = [
            "PK": .s("FP#" + e.fingerprint), "SK": .s(e.sortKey), "fingerprint": .s(e.fingerprint),
            "organizationId": .s(e.organizationId), "timestamp": .n(String(e.timestamp)), "domainprint": .s(e.domainprint),
            "signals": index % 2 == 0 ? .ss(["vpn", "bot"]) : .l([.s("tor")]),
        ]
        if let u = e.userId { item["user_id"] = .s(u) }
        if index == 7 { item["revenue"] = .n(bigNumber) }
        return item
    }

    static let malformed: [Item] = [
        ["PK": .s("FP#broken"), "SK": .s("EVENT#\(t0 + 30)"), "timestamp": .n(String(t0 + 30))],
        ["PK": .s("FP#broken"), "SK": .s("EVENT#\(t0 + 31)"), "timestamp": .n(String(t0 + 31)), "fingerprint": .s("broken")],
    ]

    private static let seeded = Mutex<Result<DynamoDBClient, DynamoDBError>?>(nil)

    /// A client on the seeded table (the first caller seeds it).
    static func client() throws -> DynamoDBClient {
        let moto = try Moto.shared()
        return try seeded.withLock { slot in
            if let done = slot { return try done.get() }
            let client = DynamoDBClient(
                configuration: DynamoDBConfiguration(region: "us-east-1", tableName: table, endpoint: moto.endpoint),
                credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKIDTEST", secretAccessKey: "secret")))
            let result = Result { () throws(DynamoDBError) -> DynamoDBClient in
                try client.createEventsTable(table)
                try client.batchWrite(
                    tableName: table, items: events.enumerated().map { item($1, index: $0) } + malformed)
                return client
            }
            slot = result
            return try result.get()
        }
    }

    static func store(_ options: DynamoDBStore.Options = .init()) throws -> DynamoDBStore {
        DynamoDBStore(client: try client(), options: options)
    }
}

/// Every selection of `DynamoDBStore` against moto, with expectations from the fixture.
@Suite struct DynamoDBStoreMotoTests {
    /// Small pages and short slices so paging and parallel slices happen on 120 items.
    static let paged = DynamoDBStore.Options(pageSize: 7, querySlices: 3, minimumSliceMs: 60_000, scanSegments: 4)
    let window = TimeWindow(from: StoreFixture.t0 + 10 * 60_000, to: StoreFixture.t0 + 100 * 60_000)

    func read(_ store: DynamoDBStore, _ selection: EventSelection, _ scope: TenantScope, _ window: TimeWindow, max: Int = 1_000_000)
        throws -> (keys: [String], summary: ReadSummary, pages: Int, events: [Event])
    {
        var events: [Event] = []
        var pages = 0
        let summary = try store.read(ReadRequest(selection: selection, scope: scope, window: window, maxEvents: max)) {
            events += $0
            pages += 1
        }
        return (events.map { "\($0.fingerprint)/\($0.sortKey)" }.sorted(), summary, pages, events)
    }

    func expected(_ keep: (FixtureEvent) -> Bool) -> [String] {
        StoreFixture.events.filter(keep).map { "\($0.fingerprint)/\($0.sortKey)" }.sorted()
    }

    @Test func organizationWindowThroughSlicesAndPages() throws {
        let result = try read(StoreFixture.store(Self.paged), .window, .organization("org_a"), window)
        let want = expected { $0.organizationId == "org_a" && window.contains($0.timestamp) }
        #expect(result.keys == want)
        #expect(result.summary == ReadSummary(eventsScanned: want.count, truncated: false))
        #expect(result.pages > 3)
    }

    @Test func allOrganizationsParallelScanIsTheWholeTable() throws {
        let store = try StoreFixture.store(Self.paged)
        let before = store.malformedItemsSkipped
        let all = TimeWindow(from: 0, to: Int64.max)
        let result = try read(store, .window, .allOrganizations, all)
        #expect(result.keys == expected { _ in true })
        #expect(result.summary.eventsScanned == StoreFixture.events.count + StoreFixture.malformed.count)
        #expect(store.malformedItemsSkipped - before == 2)
        let single = try read(StoreFixture.store(DynamoDBStore.Options(scanSegments: 1)), .window, .allOrganizations, all)
        #expect(single.keys == result.keys)

        let windowed = try read(store, .window, .allOrganizations, window)
        #expect(windowed.keys == expected { window.contains($0.timestamp) })
        #expect(windowed.summary.eventsScanned == StoreFixture.events.count + StoreFixture.malformed.count)
    }

    @Test func userLimitedToTheOrganization() throws {
        let result = try read(StoreFixture.store(Self.paged), .user("u1"), .organization("org_b"), window)
        #expect(result.keys == expected { $0.userId == "u1" && $0.organizationId == "org_b" && window.contains($0.timestamp) })
        // The filter on organizationId runs after the key condition: every u1 event was examined.
        #expect(result.summary.eventsScanned == expected { $0.userId == "u1" && window.contains($0.timestamp) }.count)
    }

    @Test func fingerprintWindowIncludesBothEdgesAndSuffixedKeys() throws {
        // Events 20 and 41 (fp2 and fp5) carry a `#2` twin; the window ends exactly on them.
        let edges = TimeWindow(from: StoreFixture.t0 + 20 * 60_000, to: StoreFixture.t0 + 38 * 60_000)
        let store = try StoreFixture.store(Self.paged)
        let fp2 = try read(store, .fingerprint("fp2"), .allOrganizations, edges)
        #expect(fp2.keys == expected { $0.fingerprint == "fp2" && edges.contains($0.timestamp) })
        #expect(fp2.keys.first == "fp2/EVENT#\(edges.from)")
        #expect(fp2.keys.contains("fp2/EVENT#\(edges.from)#2"))
        #expect(fp2.keys.last == "fp2/EVENT#\(edges.to)")

        let scoped = try read(store, .fingerprint("fp3"), .organization("org_b"), TimeWindow(from: 0, to: Int64.max))
        #expect(scoped.keys == expected { $0.fingerprint == "fp3" && $0.organizationId == "org_b" })
        #expect(!scoped.keys.isEmpty)
    }

    @Test func domainprintInTheScopeWindow() throws {
        let store = try StoreFixture.store(Self.paged)
        let org = try read(store, .domainprint("dp1"), .organization("org_a"), window)
        #expect(org.keys == expected { $0.domainprint == "dp1" && $0.organizationId == "org_a" && window.contains($0.timestamp) })
        let all = try read(store, .domainprint("dp3"), .allOrganizations, window)
        #expect(all.keys == expected { $0.domainprint == "dp3" && window.contains($0.timestamp) })
        #expect(!all.keys.isEmpty)
    }

    @Test(arguments: [(10, true), (1_000, false)])
    func truncatesAtMaxEvents(maxEvents: Int, truncated: Bool) throws {
        let store = try StoreFixture.store(DynamoDBStore.Options(querySlices: 1))
        let result = try read(store, .window, .organization("org_a"), TimeWindow(from: 0, to: Int64.max), max: maxEvents)
        let all = expected { $0.organizationId == "org_a" }.count
        #expect(result.summary.truncated == truncated)
        #expect(result.summary.eventsScanned == min(maxEvents, all))
        #expect(result.keys.count == min(maxEvents, all))
    }

    @Test func numbersAndSignalsRoundTrip() throws {
        let result = try read(
            StoreFixture.store(), .window, .allOrganizations,
            TimeWindow(from: StoreFixture.t0 + 6 * 60_000, to: StoreFixture.t0 + 7 * 60_000))
        let byTime = Dictionary(uniqueKeysWithValues: result.events.map { ($0.timestamp, $0) })
        let seventh = try #require(byTime[StoreFixture.t0 + 7 * 60_000])
        #expect(seventh.item["revenue"] == .n(StoreFixture.bigNumber))
        #expect(seventh.revenueText == StoreFixture.bigNumber)
        #expect(seventh.signals == ["tor"])  // index 7: signals as L
        let sixth = try #require(byTime[StoreFixture.t0 + 6 * 60_000])
        #expect(Set(sixth.signals) == ["vpn", "bot"])  // index 6: signals as SS
    }

    @Test func healthPingsAndCaches() throws {
        let store = try StoreFixture.store()
        guard case .dynamodb(let latency) = try store.health() else {
            Issue.record("expected a DynamoDB health")
            return
        }
        #expect(latency >= 0)
        let missing = DynamoDBStore(client: try StoreFixture.client(), tableName: "no-such-table")
        #expect(throws: StoreError.self) { try missing.health() }
    }
}

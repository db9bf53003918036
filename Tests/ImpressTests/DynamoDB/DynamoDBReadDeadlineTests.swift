import DynamoDB
import ImpressModel
import ImpressStore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// One deadline for a whole read (`IMPRESS_READ_TIMEOUT_MS`) against a scripted loopback
/// peer: pages each slow but within the call timeout stop at the read's deadline, a call in
/// progress gets only the time left, and a read that ends in time is not touched.
@Suite struct DynamoDBReadDeadlineTests {
    static let readTimedOut = StoreError.timeout("DynamoDB did not finish the read in time")

    /// A page of one event of `org_a` (at the slice's `:from`) that always says there is more,
    /// so only the deadline can end the read.
    static func endlessPage(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Action {
        .json(200, """
            {"Count":1,"ScannedCount":1,"Items":[
            {"fingerprint":{"S":"fp"},"organizationId":{"S":"org_a"},"timestamp":{"N":"\(sliceStart(request))"}}],
            "LastEvaluatedKey":{"PK":{"S":"more"}}}
            """)
    }

    /// The `:from` value of a request's key condition: which slice asked.
    static func sliceStart(_ request: LoopbackHTTPServer.Request) -> String {
        request.bodyText.split(separator: "\"").drop { $0 != ":from" }.dropFirst(4).first.map(String.init) ?? "0"
    }

    func store(_ server: LoopbackHTTPServer, callTimeoutMs: Int, readTimeoutMs: Int, slices: Int = 1) -> DynamoDBStore {
        let client = DynamoDBFaultTests().client(server, requestTimeoutMs: callTimeoutMs, operationTimeoutMs: callTimeoutMs)
        return DynamoDBStore(
            client: client, options: DynamoDBStore.Options(querySlices: slices, minimumSliceMs: 1, readTimeoutMs: readTimeoutMs))
    }

    func readWindow(_ store: DynamoDBStore, maxEvents: Int = 1_000_000) throws(StoreError) -> (ReadSummary, events: Int) {
        var events = 0
        let summary = try store.read(
            ReadRequest(selection: .window, scope: .organization("org_a"), window: TimeWindow(from: 0, to: 399), maxEvents: maxEvents)
        ) { events += $0.count }
        return (summary, events)
    }

    /// Runs `read` on a store of `slices` slices whose peer takes 300 ms for every page, well
    /// within the 2 s call timeout, and always says there is more: only the 1 s deadline can
    /// end the read, and must, well within 5 s. Returns the requests the peer saw, once the read
    /// has returned and another half second has passed, so a loop that kept reading would show.
    func endlessSlowPages(slices: Int, _ read: (DynamoDBStore) throws -> Void) throws -> [LoopbackHTTPServer.Request] {
        let server = try LoopbackHTTPServer { _, request in
            usleep(300_000)
            return Self.endlessPage(request)
        }
        defer { server.stop() }
        let started = ContinuousClock.now
        try read(store(server, callTimeoutMs: 2_000, readTimeoutMs: 1_000, slices: slices))
        #expect(started.duration(to: .now) < .seconds(5))
        let asked = server.requests.count
        usleep(500_000)
        #expect(server.requests.count == asked, "pages asked for after the read returned")
        return server.requests
    }

    /// A page starts at most every 300 ms, so at most 4 (at 0, 300, 600, 900 ms) can have
    /// been asked for before the deadline, and none after.
    @Test func slowPagesStopAtTheReadDeadline() throws {
        let requests = try endlessSlowPages(slices: 1) { store in
            #expect(throws: Self.readTimedOut) { _ = try readWindow(store) }
        }
        #expect((1...4).contains(requests.count))
    }

    /// Four slices read in parallel: all four stop at the one deadline, at most 4 pages each.
    @Test func parallelSlicesStopTogether() throws {
        let requests = try endlessSlowPages(slices: 4) { store in
            #expect(throws: Self.readTimedOut) { _ = try readWindow(store) }
        }
        // Slices of 100 ms each: [0, 99], [100, 199], [200, 299], [300, 399].
        let bySlice = Dictionary(grouping: requests, by: Self.sliceStart)
        #expect(Set(bySlice.keys).isSubset(of: ["0", "100", "200", "300"]))
        for (slice, requests) in bySlice { #expect(requests.count <= 4, "slice from \(slice)") }
    }

    /// What the caller sees: the contract's 504 `upstream_timeout` (API.md §3), from a route.
    @Test func theRouteAnswers504() throws {
        _ = try endlessSlowPages(slices: 1) { store in
            let answer = try RouteTestAPI([], store: store).get("/fraud/stats")
            #expect(answer.status == 504)
            #expect(answer.errorCode == "upstream_timeout")
            #expect(
                answer.json["error"]?["message"]?.stringValue
                    == "The event store did not answer in time: DynamoDB did not finish the read in time")
        }
    }

    /// A page that never answers gets the time left of the read (300 ms), not the call's own 10 s.
    @Test func aCallInProgressGetsOnlyTheTimeLeft() throws {
        let server = try LoopbackHTTPServer { _, _ in .hang }
        defer { server.stop() }
        let started = ContinuousClock.now
        #expect(throws: Self.readTimedOut) { _ = try readWindow(store(server, callTimeoutMs: 10_000, readTimeoutMs: 300)) }
        #expect(started.duration(to: .now) < .seconds(5))
        #expect(server.requests.count == 1)
    }

    /// The probe after a spent budget is a page like any other: when the deadline cuts it, the
    /// read answers 504, not a 200 that would have come after the deadline.
    @Test func theBudgetProbeIsBoundToo() throws {
        let server = try LoopbackHTTPServer { index, request in index == 0 ? Self.endlessPage(request) : .hang }
        defer { server.stop() }
        #expect(throws: Self.readTimedOut) {
            _ = try readWindow(store(server, callTimeoutMs: 10_000, readTimeoutMs: 500), maxEvents: 1)
        }
        // The page, then the Limit 1 probe.
        #expect(server.requests.count == 2)
    }

    /// Three 50 ms pages, then the end: well within a 5 s deadline, read whole as before.
    @Test func aReadThatEndsInTimeIsUnaffected() throws {
        let server = try LoopbackHTTPServer { index, request in
            usleep(50_000)
            guard index == 2 else { return Self.endlessPage(request) }
            return .json(200, #"{"Count":1,"ScannedCount":1,"Items":[{"fingerprint":{"S":"fp"},"organizationId":{"S":"org_a"},"timestamp":{"N":"7"}}]}"#)
        }
        defer { server.stop() }
        let (summary, events) = try readWindow(store(server, callTimeoutMs: 2_000, readTimeoutMs: 5_000))
        #expect(summary == ReadSummary(eventsScanned: 3, truncated: false))
        #expect(events == 3)
        #expect(server.requests.count == 3)
    }
}

import AWSSigV4
import DynamoDB
import ImpressModel
import ImpressStore
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Slices run at the same time while pages still reach the consumer one at a time.
@Suite struct DynamoDBStoreParallelTests {
    final class Gauge: Sendable {
        private let state = Mutex((now: 0, peak: 0))
        var peak: Int { state.withLock { $0.peak } }
        func enter() { state.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now) } }
        func leave() { state.withLock { $0.now -= 1 } }
    }

    @Test func slicesOverlapAndPagesDoNot() throws {
        let inFlight = Gauge()
        // Each slice's query answers one event (at the slice's start) plus two items that are
        // not events: one without organizationId, one whose S is not a string.
        let server = try LoopbackHTTPServer { _, request in
            inFlight.enter()
            defer { inFlight.leave() }
            usleep(200_000)
            let from = request.bodyText.split(separator: "\"").drop { $0 != ":from" }.dropFirst(4).first ?? "0"
            let body = """
                {"Count":3,"ScannedCount":3,"Items":[
                {"fingerprint":{"S":"fp"},"organizationId":{"S":"org_a"},"timestamp":{"N":"\(from)"}},
                {"fingerprint":{"S":"fp"},"timestamp":{"N":"\(from)"}},
                {"fingerprint":{"S":1},"organizationId":{"S":"org_a"},"timestamp":{"N":"\(from)"}}]}
                """
            return .json(200, body)
        }
        defer { server.stop() }
        let client = DynamoDBClient(
            configuration: DynamoDBConfiguration(region: "us-east-1", tableName: "t", endpoint: server.baseURL),
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKID", secretAccessKey: "s")))
        let store = DynamoDBStore(client: client, options: DynamoDBStore.Options(querySlices: 4, minimumSliceMs: 1))

        let consuming = Gauge()
        var timestamps: [Int64] = []
        let summary = try store.read(
            ReadRequest(selection: .window, scope: .organization("org_a"), window: TimeWindow(from: 0, to: 399), maxEvents: 100)
        ) { events in
            consuming.enter()
            usleep(20_000)
            timestamps += events.map(\.timestamp)
            consuming.leave()
        }
        // Four slices of 100 ms each: [0, 99], [100, 199], [200, 299], [300, 399].
        #expect(timestamps.sorted() == [0, 100, 200, 300])
        #expect(summary == ReadSummary(eventsScanned: 12, truncated: false))
        #expect(server.requests.count == 4)
        #expect(inFlight.peak >= 2)
        #expect(consuming.peak == 1)
        #expect(store.malformedItemsSkipped == 8)
    }
}

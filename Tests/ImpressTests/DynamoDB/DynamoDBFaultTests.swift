import AWSSigV4
import DynamoDB
import ImpressModel
import ImpressStore
import Synchronization
import Testing

/// The client's retries, deadlines and error classes against a scripted loopback peer.
@Suite struct DynamoDBFaultTests {
    final class Sleeps: Sendable {
        private let recorded = Mutex<[Int]>([])
        var values: [Int] { recorded.withLock { $0 } }
        func record(_ ms: Int) { recorded.withLock { $0.append(ms) } }
    }

    static let ok = LoopbackHTTPServer.Action.json(200, #"{"Count":0,"ScannedCount":0,"Items":[]}"#)

    static func throttled(_ type: String = "ThrottlingException") -> LoopbackHTTPServer.Action {
        .json(400, #"{"__type":"com.amazonaws.dynamodb.v20120810#\#(type)","message":"slow down"}"#)
    }

    func client(
        _ server: LoopbackHTTPServer, sleeps: Sleeps = Sleeps(), requestTimeoutMs: Int = 5_000, operationTimeoutMs: Int = 12_000,
        quota: RetryQuota = RetryQuota()
    ) -> DynamoDBClient {
        DynamoDBClient(
            configuration: DynamoDBConfiguration(
                region: "us-east-1", tableName: "t", endpoint: server.baseURL, requestTimeoutMs: requestTimeoutMs,
                operationTimeoutMs: operationTimeoutMs),
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKID", secretAccessKey: "s")),
            quota: quota, sleep: { sleeps.record($0) }, jitter: { 0.5 })
    }

    func scan(_ client: DynamoDBClient) throws(DynamoDBError) -> EventPage { try client.scan(ReadInput(tableName: "t")) }

    @Test func throttlingIsRetriedWithJitteredBackoff() throws {
        let server = try LoopbackHTTPServer { index, _ in index < 2 ? Self.throttled() : Self.ok }
        defer { server.stop() }
        let sleeps = Sleeps()
        _ = try scan(client(server, sleeps: sleeps))
        #expect(server.requests.count == 3)
        // Full jitter at 0.5 of 100 ms, then of 200 ms.
        #expect(sleeps.values == [50, 100])
        #expect(server.requests.first?.headers["x-amz-target"] == "DynamoDB_20120810.Scan")
    }

    @Test func retryAfterHintReplacesTheBackoff() throws {
        let server = try LoopbackHTTPServer { index, _ in
            index == 0 ? .json(503, #"{"__type":"ServiceUnavailable"}"#, headers: [("x-amz-retry-after", "250")]) : Self.ok
        }
        defer { server.stop() }
        let sleeps = Sleeps()
        _ = try scan(client(server, sleeps: sleeps))
        #expect(sleeps.values == [250])
    }

    @Test(arguments: ["ValidationException", "ResourceNotFoundException", "AccessDeniedException", "UnrecognizedClientException"])
    func requestErrorsAreNotRetried(type: String) throws {
        let server = try LoopbackHTTPServer { _, _ in .json(400, #"{"__type":"com.amazon.coral.validate#\#(type)","Message":"no"}"#) }
        defer { server.stop() }
        let error = #expect(throws: DynamoDBError.self) { _ = try scan(client(server)) }
        #expect(error == .service(type: type, message: "no", status: 400))
        #expect(server.requests.count == 1)
    }

    @Test func serverErrorsGiveUpAfterThreeAttempts() throws {
        let server = try LoopbackHTTPServer { _, _ in .respond(status: 500, headers: [("x-amzn-ErrorType", "InternalServerError:http://x/")]) }
        defer { server.stop() }
        let error = #expect(throws: DynamoDBError.self) { _ = try scan(client(server)) }
        #expect(error == .service(type: "InternalServerError", message: "", status: 500))
        #expect(server.requests.count == 3)
    }

    @Test func resetAndBadChecksumAreRetried() throws {
        let body = #"{"Count":0,"ScannedCount":0,"Items":[]}"#
        let server = try LoopbackHTTPServer { index, _ in
            switch index {
            case 0: return .reset
            case 1: return .json(200, body, headers: [("x-amz-crc32", "12345")])
            default: return .json(200, body, headers: [("x-amz-crc32", "\(CRC32Tests.bitwise(body.utf8))")])
            }
        }
        defer { server.stop() }
        let page = try scan(client(server))
        #expect(page.count == 0)
        #expect(server.requests.count == 3)
    }

    @Test func anEmptyQuotaStopsRetries() throws {
        let server = try LoopbackHTTPServer { _, _ in Self.throttled() }
        defer { server.stop() }
        let quota = RetryQuota(capacity: 5)
        #expect(throws: DynamoDBError.self) { _ = try scan(client(server, quota: quota)) }
        #expect(server.requests.count == 2)
        #expect(quota.available == 0)
    }

    @Test func aHangEndsAsATimeoutWithinTheBound() throws {
        let server = try LoopbackHTTPServer { _, _ in .hang }
        defer { server.stop() }
        let store = DynamoDBStore(client: client(server, requestTimeoutMs: 300, operationTimeoutMs: 1_000))
        let started = ContinuousClock.now
        #expect(throws: StoreError.timeout("DynamoDB did not answer in time")) { try store.health() }
        #expect(started.duration(to: .now) < .seconds(5))
    }

    @Test(arguments: [
        (LoopbackHTTPServer.Action.json(400, #"{"__type":"x#ProvisionedThroughputExceededException"}"#), "unavailable"),
        (.json(503, #"{"__type":"ServiceUnavailable"}"#), "unavailable"),
        (.json(500, #"{"__type":"InternalServerError"}"#), "upstream"),
        (.json(400, #"{"__type":"x#AccessDeniedException","message":"User arn:aws:iam::1:user/x"}"#), "upstream"),
        (.json(200, "not json"), "upstream"),
    ])
    func storeErrorClasses(action: LoopbackHTTPServer.Action, expected: String) throws {
        let server = try LoopbackHTTPServer { _, _ in action }
        defer { server.stop() }
        let store = DynamoDBStore(client: client(server))
        let error = #expect(throws: StoreError.self) {
            _ = try store.read(
                ReadRequest(selection: .window, scope: .organization("o"), window: TimeWindow(from: 0, to: 1), maxEvents: 10)
            ) { _ in }
        }
        switch (error, expected) {
        case (.unavailable?, "unavailable"), (.upstream?, "upstream"): break
        default: Issue.record("expected \(expected), got \(String(describing: error))")
        }
        if case .upstream(let message)? = error { #expect(!message.contains("arn:aws")) }
    }

    @Test func batchWriteResendsUnprocessedItems() throws {
        let server = try LoopbackHTTPServer { index, request in
            // The first reply leaves the second of two items unprocessed.
            guard index == 0 else { return .json(200, #"{"UnprocessedItems":{}}"#) }
            let second = #"{"PutRequest":{"Item":{"PK":{"S":"b"}}}}"#
            return .json(200, #"{"UnprocessedItems":{"t":[\#(second)]}}"#)
        }
        defer { server.stop() }
        let sleeps = Sleeps()
        try client(server, sleeps: sleeps).batchWrite(tableName: "t", items: [["PK": .s("a")], ["PK": .s("b")]])
        #expect(server.requests.count == 2)
        #expect(server.requests.last?.bodyText == #"{"RequestItems":{"t":[{"PutRequest":{"Item":{"PK":{"S":"b"}}}}]}}"#)
        #expect(sleeps.values.count == 1)
    }

    @Test func healthIsCachedForFiveSeconds() throws {
        let server = try LoopbackHTTPServer { _, _ in .json(200, "{}") }
        defer { server.stop() }
        let store = DynamoDBStore(client: client(server))
        for _ in 0..<3 { _ = try store.health() }
        #expect(server.requests.count == 1)
        #expect(server.requests.first?.bodyText == #"{"TableName":"t","Key":{"PK":{"S":"HEALTH#ping"},"SK":{"S":"HEALTH"}}}"#)
    }

    @Test func aReversedWindowReadsNothing() throws {
        let server = try LoopbackHTTPServer { _, _ in Self.ok }
        defer { server.stop() }
        let summary = try DynamoDBStore(client: client(server)).read(
            ReadRequest(selection: .window, scope: .allOrganizations, window: TimeWindow(from: 2, to: 1), maxEvents: 10)
        ) { _ in Issue.record("no events expected") }
        #expect(summary == ReadSummary(eventsScanned: 0, truncated: false))
        #expect(server.requests.isEmpty)
    }
}

import AWSSigV4
import DynamoDB
import ImpressAPI
import ImpressHTTP
import ImpressJSON
import ImpressModel
import ImpressStore
import Synchronization
import Testing

/// The dataset in both stores, and one responder over each with the same clock, ceiling
/// and authorizer: a request answered by both must give the same status and the same bytes.
final class ParityHarness: Sendable {
    static let table = "parity-events"
    /// Small pages, short slices and several Scan segments, so a read of ~150 items pages,
    /// slices and runs in parallel (`DynamoDBStore.Options`).
    static let dynamoOptions = DynamoDBStore.Options(
        pageSize: 7, querySlices: 3, minimumSliceMs: ParityDataset.day, scanSegments: 3)

    let fileStore: FileStore
    let dynamoStore: ParityReplayStore
    let client: DynamoDBClient

    private static let shared = Mutex<Result<ParityHarness, ParityError>?>(nil)

    /// The process-wide harness: moto seeded once, on first use.
    static func instance() throws -> ParityHarness {
        try shared.withLock { slot in
            if let built = slot { return try built.get() }
            let result = Result { () throws(ParityError) -> ParityHarness in try ParityHarness() }
            slot = result
            return try result.get()
        }
    }

    private init() throws(ParityError) {
        do {
            fileStore = try FileStore(items: ParityDataset.items)
            client = Self.client(endpoint: try Moto.shared().endpoint)
            try client.createEventsTable(Self.table)
            try client.batchWrite(tableName: Self.table, items: ParityDataset.items)
        } catch {
            throw ParityError("cannot set up the parity stores: \(error)")
        }
        dynamoStore = ParityReplayStore(DynamoDBStore(client: client, tableName: Self.table, options: Self.dynamoOptions))
    }

    /// A client of moto's endpoint with any static keys (no credential chain, no IMDS).
    static func client(endpoint: String, table: String = table) -> DynamoDBClient {
        DynamoDBClient(
            configuration: DynamoDBConfiguration(region: "us-east-1", tableName: table, endpoint: endpoint),
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKIDPARITY", secretAccessKey: "parity-secret")))
    }

    /// The two responders, file first, with `maxScanEvents` as the ceiling.
    func responders(maxScanEvents: Int = 1_000_000) -> (file: APIResponder, dynamo: APIResponder) {
        Self.responders(fileStore, dynamoStore, maxScanEvents: maxScanEvents)
    }

    static func responders(
        _ fileStore: any EventStore, _ dynamoStore: any EventStore, maxScanEvents: Int = 1_000_000
    ) -> (file: APIResponder, dynamo: APIResponder) {
        let configuration = APIConfiguration(maxScanEvents: maxScanEvents, version: "parity", now: { ParityDataset.now })
        func responder(_ store: any EventStore) -> APIResponder {
            APIResponder(
                configuration: configuration, store: store, authorizer: RouteTestAuthorizer(),
                startedAt: ParityDataset.now - 1_000)
        }
        return (responder(fileStore), responder(dynamoStore))
    }
}

struct ParityError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A DynamoDB store that answers a read it has already made from a recording of it (the
/// same pages in the same order, the same summary). Many route variations (sorts,
/// filters, pages of one list) make the same read; replaying keeps the suite within its
/// time budget on a slow moto while every distinct read still goes to DynamoDB once.
final class ParityReplayStore: EventStore {
    private let base: DynamoDBStore
    private let recordings = Mutex<[(request: ReadRequest, pages: [[Event]], summary: ReadSummary)]>([])

    init(_ base: DynamoDBStore) { self.base = base }

    func read(_ request: ReadRequest, consume: ([Event]) -> Void) throws(StoreError) -> ReadSummary {
        if let recorded = recordings.withLock({ $0.first { $0.request == request } }) {
            recorded.pages.forEach(consume)
            return recorded.summary
        }
        var pages: [[Event]] = []
        let summary = try base.read(request) { page in
            pages.append(page)
            consume(page)
        }
        recordings.withLock { $0.append((request, pages, summary)) }
        return summary
    }

    func health() throws(StoreError) -> StoreHealth { try base.health() }
}

/// One request asked of both responders.
struct ParityRequest: CustomStringConvertible {
    var path: String
    var query: String
    var caller: RouteTestCaller

    var description: String { "\(caller) GET \(path)?\(query)" }

    func httpRequest() -> HTTPRequest {
        HTTPRequest(method: "GET", path: path, queryString: query, headers: caller.headers, requestId: "parity")
    }
}

/// What each responder said to one request.
struct ParityAnswer {
    var request: ParityRequest
    var file: HTTPResponse
    var dynamo: HTTPResponse

    var fileBody: String { String(decoding: file.body, as: UTF8.self) }
    var dynamoBody: String { String(decoding: dynamo.body, as: UTF8.self) }
    var agrees: Bool { file.status == dynamo.status && file.body == dynamo.body }

    /// Agreement on everything but the top-level `members` (for a count that legitimately
    /// differs; the caller says why).
    func agrees(ignoring members: Set<String>) -> Bool {
        func without(_ body: [UInt8]) -> JSONValue? {
            guard let members0 = (try? JSONParser.parse(body))?.objectValue else { return nil }
            return .object(members0.filter { !members.contains($0.key) })
        }
        return file.status == dynamo.status && without(file.body) != nil && without(file.body) == without(dynamo.body)
    }

    /// A top-level integer member of each body.
    func integers(_ member: String) -> (file: Int?, dynamo: Int?) {
        func value(_ body: [UInt8]) -> Int? { (try? JSONParser.parse(body))?[member]?.numberText.flatMap { Int($0) } }
        return (value(file.body), value(dynamo.body))
    }

    /// The request, both statuses and the bodies from the first byte where they differ.
    var difference: String {
        let common = zip(file.body, dynamo.body).prefix { $0 == $1 }.count
        let start = max(0, common - 80)
        func tail(_ body: [UInt8]) -> String { String(decoding: body.dropFirst(start).prefix(240), as: UTF8.self) }
        return "\(request): file \(file.status) vs dynamodb \(dynamo.status) from byte \(common)\n"
            + "  file:     …\(tail(file.body))\n  dynamodb: …\(tail(dynamo.body))"
    }
}

extension ParityHarness {
    /// Asks both responders every request, following `next_cursor` when the query has a
    /// `limit` (each page is compared, and the walk follows the file store's cursor).
    func ask(_ requests: [ParityRequest], responders: (file: APIResponder, dynamo: APIResponder)? = nil) -> [ParityAnswer] {
        Self.ask(requests, responders ?? self.responders())
    }

    static func ask(_ requests: [ParityRequest], _ responders: (file: APIResponder, dynamo: APIResponder)) -> [ParityAnswer] {
        let (file, dynamo) = responders
        var answers: [ParityAnswer] = []
        for request in requests {
            var current = request
            for _ in 0..<60 {
                let answer = ParityAnswer(
                    request: current, file: file.respond(to: current.httpRequest()),
                    dynamo: dynamo.respond(to: current.httpRequest()))
                answers.append(answer)
                guard request.query.contains("limit="), answer.file.status == 200,
                    let json = try? JSONParser.parse(answer.file.body),
                    let cursor = json["next_cursor"]?.stringValue
                else { break }
                current.query = request.query + "&cursor=" + cursor
            }
        }
        return answers
    }
}

/// Checks that every answer agrees, reporting each disagreement with its bytes.
func expectParity(_ answers: [ParityAnswer], sourceLocation: SourceLocation = #_sourceLocation) {
    let disagreements = answers.filter { !$0.agrees }
    for answer in disagreements.prefix(8) {
        Issue.record(Comment(rawValue: answer.difference), sourceLocation: sourceLocation)
    }
    let count = disagreements.count
    #expect(count == 0, "\(count) of \(answers.count) answers differ", sourceLocation: sourceLocation)
}

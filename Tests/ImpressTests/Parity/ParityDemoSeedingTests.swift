import DynamoDB
import Foundation
import ImpressJSON
import ImpressModel
import ImpressStore
import Testing

@testable import ImpressApp

/// `impress-admin demo-data --to-dynamodb` against moto: the table it creates and fills
/// reads back through `DynamoDBStore` exactly as the same demo data reads from a `FileStore`.
@Suite struct ParityDemoSeedingTests {
    static let organizations = ["org_x", "org_y"]

    func environment(table: String, endpoint: String) -> [String: String] {
        [
            "DYNAMODB_TABLE": table, "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL_DYNAMODB": endpoint,
            "AWS_ACCESS_KEY_ID": "AKIDSEED", "AWS_SECRET_ACCESS_KEY": "seed-secret", "AWS_EC2_METADATA_DISABLED": "true",
        ]
    }

    let arguments = ["--orgs", organizations.joined(separator: ","), "--events", "70", "--seed", "5", "--now", String(ParityDataset.now)]

    @Test func seededTableReadsBackAsTheFileStoreReadsTheSameData() throws {
        let table = "parity-demo-seeded"
        let endpoint = try Moto.shared().endpoint
        let env = environment(table: table, endpoint: endpoint)
        #expect(DemoDataCommand.run(arguments: ["--to-dynamodb", "--create-table"] + arguments, environment: env) == 0)

        let items = DemoData(organizations: Self.organizations, eventsPerOrganization: 70, seed: 5, now: ParityDataset.now).items()
        let file = try FileStore(items: items)
        let client = ParityHarness.client(endpoint: endpoint, table: table)
        let dynamo = DynamoDBStore(client: client, tableName: table, options: ParityHarness.dynamoOptions)
        #expect(try DynamoDBSeeding(client: client, tableName: table).isActive())

        // Every event, unwrapped as responses show them, and the read's counts, per scope.
        for scope in [TenantScope.organization("org_x"), .organization("org_y"), .allOrganizations] {
            let request = ReadRequest(selection: .window, scope: scope, window: TimeWindow(from: 0, to: Int64.max), maxEvents: 1_000_000)
            func events(_ store: any EventStore) throws -> (events: [String], summary: ReadSummary) {
                var events: [String] = []
                let summary = try store.read(request) { events += $0.map { JSONWriter.string($0.item.plain) } }
                return (events.sorted(), summary)
            }
            let fromFile = try events(file)
            let fromDynamo = try events(dynamo)
            #expect(fromDynamo.events == fromFile.events, "\(scope)")
            #expect(fromDynamo.summary == fromFile.summary, "\(scope)")
        }
        // 70 per organization: 10 everyday events and the 29 of the scenarios (DemoData).
        #expect(items.count == 2 * (10 + 29))

        // And through the routes.
        let requests = [RouteTestCaller.member("org_x"), .superadmin(selecting: nil)].flatMap { caller in
            ["/users", "/fingerprints", "/domainprints", "/users/user_x_1003", "/fingerprints/fp_x_kiosk"].map {
                ParityRequest(path: $0, query: "limit=5", caller: caller)
            }
        }
        let answers = ParityHarness.ask(requests, ParityHarness.responders(file, ParityReplayStore(dynamo)))
        expectParity(answers)
        #expect(answers.allSatisfy { $0.file.status == 200 })
    }

    @Test func seedingAgainKeepsTheTableAndItsItems() throws {
        let table = "parity-demo-again"
        let endpoint = try Moto.shared().endpoint
        let env = environment(table: table, endpoint: endpoint)
        #expect(DemoDataCommand.run(arguments: ["--to-dynamodb", "--create-table"] + arguments, environment: env) == 0)
        #expect(DemoDataCommand.run(arguments: ["--to-dynamodb", "--create-table"] + arguments, environment: env) == 0)
        #expect(DemoDataCommand.run(arguments: ["--to-dynamodb"] + arguments, environment: env) == 0)
        let reply = try ParityHarness.client(endpoint: endpoint, table: table).scan(ReadInput(tableName: table))
        #expect(reply.count == 2 * (10 + 29))
    }

    @Test(arguments: [
        [String](), ["--create-table"], ["--out", "/tmp/x", "--create-table"], ["--to-dynamodb", "--events", "0"],
        ["--to-dynamodb", "--bogus"],
    ])
    func badUsageExitsTwo(_ extra: [String]) {
        #expect(DemoDataCommand.run(arguments: extra, environment: environment(table: "t-unused", endpoint: "http://127.0.0.1:9")) == 2)
    }

    @Test func badTableSettingExitsTwoBeforeWriting() {
        #expect(DemoDataCommand.run(arguments: ["--to-dynamodb"], environment: environment(table: "x", endpoint: "http://127.0.0.1:9")) == 2)
    }

    @Test func unreachableDynamoDBExitsOne() {
        let env = environment(table: "parity-nowhere", endpoint: "http://127.0.0.1:\(Moto.freePort())")
        #expect(DemoDataCommand.run(arguments: ["--to-dynamodb", "--events", "1"], environment: env) == 1)
    }
}

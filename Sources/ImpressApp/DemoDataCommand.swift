import DynamoDB
import Foundation
import ImpressHTTPClient
import ImpressModel

/// `impress-admin demo-data`: writes `DemoData` as JSONL for the file store (`--out FILE`)
/// and/or into the DynamoDB table the daemon would read (`--to-dynamodb`: `DYNAMODB_TABLE`,
/// `AWS_REGION`, `AWS_ENDPOINT_URL_DYNAMODB`, credentials as the AWS SDKs find them;
/// `--create-table` creates it with both GSIs first). Exit codes as `ImpressApp`.
enum DemoDataCommand {
    static let usage = """
        Usage: impress-admin demo-data (--out FILE | --to-dynamodb [--create-table]) [--orgs org_a,org_b]
                                       [--events N] [--seed S] [--now MS]
          --out FILE        write the events as JSONL, DynamoDB-typed (for IMPRESS_STORE=file:FILE)
          --to-dynamodb     put them into DYNAMODB_TABLE (AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB, credentials chain)
          --create-table    create that table with GSI_ORG and GSI_USER first (an existing one is kept)
          --events N        events per organization (default 600); --seed S (default 1); --now MS (default: now)
        """

    static func run(arguments: [String]) -> Int32 {
        run(arguments: arguments, environment: ProcessInfo.processInfo.environment)
    }

    static func run(arguments: [String], environment: [String: String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(usage)
            return 0
        }
        do {
            let o = try Options(
                arguments, valued: ["--out", "--orgs", "--events", "--seed", "--now"], switches: ["--to-dynamodb", "--create-table"])
            let out = o.values["--out"]
            let toDynamoDB = o.flags.contains("--to-dynamodb")
            guard out != nil || toDynamoDB else { throw Settings.Error("demo-data needs --out FILE or --to-dynamodb") }
            guard toDynamoDB || !o.flags.contains("--create-table") else {
                throw Settings.Error("--create-table goes with --to-dynamodb")
            }
            let orgs = (o.values["--orgs"] ?? "org_demo,org_other").split(separator: ",").map(String.init)
            let now = Int64(o.values["--now"] ?? "") ?? Int64(Date().timeIntervalSince1970 * 1000)
            let demo = DemoData(
                organizations: orgs, eventsPerOrganization: try o.int("--events", default: 600, range: 1...10_000_000),
                seed: UInt64(try o.int("--seed", default: 1, range: 0...Int.max)), now: now)
            // Settings are checked before anything is written.
            let seeding = toDynamoDB ? try seeding(environment) : nil
            let items = demo.items()
            if let out {
                try Data(DemoData.jsonLines(items).utf8).write(to: URL(fileURLWithPath: out))
                print("wrote \(items.count) events for \(orgs.joined(separator: ", ")) to \(out)")
            }
            if let seeding {
                if o.flags.contains("--create-table") {
                    let outcome = try seeding.createTable()
                    print("table \(seeding.tableName) \(outcome == .created ? "created" : "already exists"), ACTIVE")
                }
                try seeding.write(items)
                print("put \(items.count) events for \(orgs.joined(separator: ", ")) into \(seeding.tableName) at \(seeding.client.configuration.endpoint)")
            }
            return 0
        } catch let e as Settings.Error {
            ImpressApp.printError(e.description)
            return 2
        } catch {
            ImpressApp.printError("demo-data: \(error)")
            return 1
        }
    }

    /// The table the daemon would read, reached as the daemon reaches it (`Wiring.store`).
    private static func seeding(_ environment: [String: String]) throws(Settings.Error) -> DynamoDBSeeding {
        let configuration: DynamoDBConfiguration
        do {
            configuration = try .fromEnvironment(environment)
        } catch {
            throw Settings.Error(error.description)
        }
        let http = HTTPClient()
        let client = DynamoDBClient(
            configuration: configuration, credentials: CredentialChain.standard(environment: environment, http: http), http: http)
        return DynamoDBSeeding(client: client, tableName: configuration.tableName)
    }
}

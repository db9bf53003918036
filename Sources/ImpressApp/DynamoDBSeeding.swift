import DynamoDB
import ImpressJSON
import ImpressModel

/// Loads items into the events table (`demo-data --to-dynamodb`), creating it first when
/// asked: key schema and both GSIs of API.md §1, waited for until usable.
struct DynamoDBSeeding {
    let client: DynamoDBClient
    let tableName: String
    /// How long to wait for a new table and its indexes to become `ACTIVE`.
    var activeTimeoutMs = 120_000
    var pollMs = 250

    enum Outcome: Equatable {
        case created
        case alreadyExisted
    }

    /// Creates the table with `GSI_ORG` and `GSI_USER` and returns once the table and every
    /// index are `ACTIVE`. An existing table is used as it is (seeding twice is harmless:
    /// items are put by key).
    func createTable() throws(DynamoDBError) -> Outcome {
        var outcome = Outcome.created
        do {
            try client.createEventsTable(tableName)
        } catch .service(let type, _, _) where type == "ResourceInUseException" {
            outcome = .alreadyExisted
        }
        var waited = 0
        while try !isActive() {
            guard waited < activeTimeoutMs else {
                throw .service(type: "TableNotActive", message: "\(tableName) is not ACTIVE after \(waited / 1000) s", status: 200)
            }
            DynamoDBClient.sleep(milliseconds: pollMs)
            waited += pollMs
        }
        return outcome
    }

    /// The table and each of its global secondary indexes report `ACTIVE`.
    func isActive() throws(DynamoDBError) -> Bool {
        let reply = try client.call("DescribeTable", .object([("TableName", .string(tableName))]))
        guard reply["Table"]?["TableStatus"]?.stringValue == "ACTIVE" else { return false }
        let indexes = reply["Table"]?["GlobalSecondaryIndexes"]?.arrayValue ?? []
        return indexes.allSatisfy { $0["IndexStatus"]?.stringValue == "ACTIVE" }
    }

    /// Puts every item (25 per `BatchWriteItem`, unprocessed ones sent again).
    func write(_ items: [Item]) throws(DynamoDBError) {
        try client.batchWrite(tableName: tableName, items: items)
    }
}

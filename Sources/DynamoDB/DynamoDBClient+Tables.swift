import ImpressJSON
import ImpressModel

/// Table set-up and bulk loading, for tooling and tests (the daemon only reads).
extension DynamoDBClient {
    /// Creates the events table of API.md §1: `PK`/`SK` strings, `GSI_ORG`
    /// (`organizationId` S, `timestamp` N) and `GSI_USER` (`user_id` S, `timestamp` N),
    /// on-demand capacity, every attribute projected.
    public func createEventsTable(_ tableName: String) throws(DynamoDBError) {
        func attribute(_ name: String, _ type: String) -> JSONValue {
            .object([("AttributeName", .string(name)), ("AttributeType", .string(type))])
        }
        func key(_ hash: String, _ range: String) -> JSONValue {
            .array([
                .object([("AttributeName", .string(hash)), ("KeyType", .string("HASH"))]),
                .object([("AttributeName", .string(range)), ("KeyType", .string("RANGE"))]),
            ])
        }
        func index(_ name: String, _ hash: String) -> JSONValue {
            .object([
                ("IndexName", .string(name)), ("KeySchema", key(hash, "timestamp")),
                ("Projection", .object([("ProjectionType", .string("ALL"))])),
            ])
        }
        _ = try call(
            "CreateTable",
            .object([
                ("TableName", .string(tableName)),
                ("AttributeDefinitions", .array([
                    attribute("PK", "S"), attribute("SK", "S"), attribute("organizationId", "S"),
                    attribute("user_id", "S"), attribute("timestamp", "N"),
                ])),
                ("KeySchema", key("PK", "SK")),
                ("GlobalSecondaryIndexes", .array([index("GSI_ORG", "organizationId"), index("GSI_USER", "user_id")])),
                ("BillingMode", .string("PAY_PER_REQUEST")),
            ]))
    }

    /// The table's `TableStatus` (`CREATING`, `ACTIVE`, …).
    public func tableStatus(_ tableName: String) throws(DynamoDBError) -> String {
        let reply = try call("DescribeTable", .object([("TableName", .string(tableName))]))
        guard let status = reply["Table"]?["TableStatus"]?.stringValue else { throw .badReply("DescribeTable has no TableStatus") }
        return status
    }

    /// Puts `items` 25 per `BatchWriteItem` (the API's limit), sending back whatever the
    /// service leaves in `UnprocessedItems` after a growing pause, up to `maxRounds` times per batch.
    public func batchWrite(tableName: String, items: [Item], maxRounds: Int = 8) throws(DynamoDBError) {
        var start = 0
        while start < items.count {
            let end = min(start + 25, items.count)
            var pending: [JSONValue] = items[start..<end].map { .object([("PutRequest", .object([("Item", $0.wire)]))]) }
            var round = 0
            while !pending.isEmpty {
                round += 1
                guard round <= maxRounds else {
                    throw .service(type: "UnprocessedItems", message: "\(pending.count) items left unwritten", status: 200)
                }
                let reply = try call("BatchWriteItem", .object([("RequestItems", .object([(tableName, .array(pending))]))]))
                pending = reply["UnprocessedItems"]?[tableName]?.arrayValue ?? []
                if !pending.isEmpty { pause(afterRound: round) }
            }
            start = end
        }
    }
}

import ImpressJSON
import ImpressModel

/// Query, Scan and GetItem: the reads the store makes.
extension DynamoDBClient {
    public func query(_ input: ReadInput) throws(DynamoDBError) -> ReadPage {
        try readPage("Query", input)
    }

    public func scan(_ input: ReadInput) throws(DynamoDBError) -> ReadPage {
        try readPage("Scan", input)
    }

    /// The item with `key`, or nil when there is none.
    public func getItem(tableName: String, key: Item) throws(DynamoDBError) -> Item? {
        let reply = try call("GetItem", .object([("TableName", .string(tableName)), ("Key", key.wire)]))
        guard let item = reply["Item"] else { return nil }
        do { return try Item(wire: item) } catch { throw .badReply("GetItem item: \(error)") }
    }

    private func readPage(_ operation: String, _ input: ReadInput) throws(DynamoDBError) -> ReadPage {
        let reply = try call(operation, Self.encode(input))
        // Counts are summed by the store: a negative or absurd one is a bad reply, not arithmetic.
        guard let count = reply["Count"]?.int64Value, let scanned = reply["ScannedCount"]?.int64Value,
            (0...(1 << 40)).contains(count), (0...(1 << 40)).contains(scanned)
        else { throw .badReply("\(operation) reply has no valid Count/ScannedCount") }
        var items: [Item] = []
        var malformed = 0
        for raw in reply["Items"]?.arrayValue ?? [] {
            if let item = try? Item(wire: raw) { items.append(item) } else { malformed += 1 }
        }
        var lastKey: Item? = nil
        if let key = reply["LastEvaluatedKey"] {
            do { lastKey = try Item(wire: key) } catch { throw .badReply("\(operation) LastEvaluatedKey: \(error)") }
        }
        return ReadPage(
            items: items, malformedItems: malformed, count: Int(clamping: count), scannedCount: Int(clamping: scanned),
            lastEvaluatedKey: lastKey)
    }

    static func encode(_ input: ReadInput) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("TableName", .string(input.tableName))]
        if let index = input.indexName { members.append(("IndexName", .string(index))) }
        if let key = input.keyConditionExpression { members.append(("KeyConditionExpression", .string(key))) }
        if let filter = input.filterExpression { members.append(("FilterExpression", .string(filter))) }
        if !input.expressionAttributeNames.isEmpty {
            let names = input.expressionAttributeNames.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) }
            members.append(("ExpressionAttributeNames", .object(names)))
        }
        if !input.expressionAttributeValues.isEmpty {
            members.append(("ExpressionAttributeValues", input.expressionAttributeValues.wire))
        }
        if let forward = input.scanIndexForward { members.append(("ScanIndexForward", .bool(forward))) }
        if let limit = input.limit { members.append(("Limit", .int(limit))) }
        if let start = input.exclusiveStartKey { members.append(("ExclusiveStartKey", start.wire)) }
        if let segment = input.segment, let total = input.totalSegments {
            members.append(("Segment", .int(segment)))
            members.append(("TotalSegments", .int(total)))
        }
        return .object(members)
    }
}

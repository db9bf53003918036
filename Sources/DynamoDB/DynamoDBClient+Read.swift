import ImpressJSON
import ImpressModel

/// Query, Scan and GetItem: the reads the store makes.
extension DynamoDBClient {
    /// A Query page, read straight into events (`EventPage`). `deadline` (a whole read's)
    /// shortens the call's own timeout; past it the page is not requested.
    public func query(_ input: ReadInput, deadline: ContinuousClock.Instant? = nil) throws(DynamoDBError) -> EventPage {
        try readPage("Query", input, deadline)
    }

    /// A Scan page, read straight into events (`EventPage`); `deadline` as for `query`.
    public func scan(_ input: ReadInput, deadline: ContinuousClock.Instant? = nil) throws(DynamoDBError) -> EventPage {
        try readPage("Scan", input, deadline)
    }

    /// The item with `key`, or nil when there is none.
    public func getItem(tableName: String, key: Item) throws(DynamoDBError) -> Item? {
        let reply = try call("GetItem", .object([("TableName", .string(tableName)), ("Key", key.wire)]))
        guard let item = reply["Item"] else { return nil }
        do { return try Item(wire: item) } catch { throw .badReply("GetItem item: \(error)") }
    }

    private func readPage(_ operation: String, _ input: ReadInput, _ deadline: ContinuousClock.Instant?)
        throws(DynamoDBError) -> EventPage
    {
        let reply = try send(operation, Self.encode(input), deadline: deadline)
        return try reply.withUnsafeBufferPointer { bytes in
            Result { () throws(DynamoDBError) in try EventPage(reply: bytes, operation: operation) }
        }.get()
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

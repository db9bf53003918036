import ImpressModel

/// Query and Scan read straight into events: what the store reads.
extension DynamoDBClient {
    public func queryEvents(_ input: ReadInput) throws(DynamoDBError) -> EventPage {
        try eventPage("Query", input)
    }

    public func scanEvents(_ input: ReadInput) throws(DynamoDBError) -> EventPage {
        try eventPage("Scan", input)
    }

    private func eventPage(_ operation: String, _ input: ReadInput) throws(DynamoDBError) -> EventPage {
        let reply = try send(operation, Self.encode(input))
        return try reply.withUnsafeBufferPointer { bytes in
            Result { () throws(DynamoDBError) in try EventPage(reply: bytes, operation: operation) }
        }.get()
    }
}

import AWSSigV4
import DynamoDB
import ImpressModel
import Testing

/// The client against moto's DynamoDB: real HTTP, real signing, moto's `x-amz-crc32`.
@Suite struct DynamoDBClientMotoTests {
    static func client(_ moto: Moto) -> DynamoDBClient {
        DynamoDBClient(
            configuration: DynamoDBConfiguration(region: "us-east-1", endpoint: moto.endpoint),
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKIDTEST", secretAccessKey: "secret")))
    }

    @Test func createsWritesAndReadsBack() throws {
        let moto = try Moto.shared()
        let client = Self.client(moto)
        let table = "client-basic"
        try client.createEventsTable(table)
        #expect(try client.tableStatus(table) == "ACTIVE")
        let items: [Item] = (0..<30).map { i in
            [
                "PK": .s("FP#fp\(i % 3)"), "SK": .s("EVENT#\(1_700_000_000_000 + i)"), "fingerprint": .s("fp\(i % 3)"),
                "organizationId": .s("org_a"), "timestamp": .n("\(1_700_000_000_000 + i)"),
                "big": .n("12345678901234567890123456789012345678"),
            ]
        }
        try client.batchWrite(tableName: table, items: items)

        let page = try client.query(
            ReadInput(
                tableName: table, keyConditionExpression: "PK = :pk", expressionAttributeValues: [":pk": .s("FP#fp1")],
                limit: 4))
        #expect(page.events.count == 4)
        #expect(page.scannedCount == 4)
        #expect(page.lastEvaluatedKey != nil)
        #expect(page.events.first?.item["big"] == .n("12345678901234567890123456789012345678"))

        let scan = try client.scan(ReadInput(tableName: table))
        #expect(scan.count == 30)

        let got = try client.getItem(tableName: table, key: ["PK": .s("FP#fp0"), "SK": .s("EVENT#1700000000000")])
        #expect(got?["timestamp"] == .n("1700000000000"))
        #expect(try client.getItem(tableName: table, key: ["PK": .s("HEALTH#ping"), "SK": .s("HEALTH")]) == nil)
    }

    @Test func serviceErrorsAreParsed() throws {
        let client = Self.client(try Moto.shared())
        let error = #expect(throws: DynamoDBError.self) {
            _ = try client.getItem(tableName: "no-such-table", key: ["PK": .s("x"), "SK": .s("y")])
        }
        #expect(error?.serviceType == "ResourceNotFoundException")
    }
}

import DynamoDB
import ImpressModel
import Testing

/// A Query/Scan reply read straight into events (`EventPage`), as `DynamoDBClient.query` reads one.
@Suite struct EventPageTests {
    func page(_ text: String) throws(DynamoDBError) -> EventPage {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(DynamoDBError) in try EventPage(reply: buffer, operation: "Query") }
        }.get()
    }

    static func item(_ fp: String, _ ts: Int) -> String {
        #"{"fingerprint":{"S":"\#(fp)"},"organizationId":{"S":"o"},"timestamp":{"N":"\#(ts)"}}"#
    }

    @Test func readsItemsCountsAndTheKeyAndSkipsWhatIsNotAnEvent() throws {
        let reply = #"{"ConsumedCapacity":{"TableName":"t","CapacityUnits":1.5},"Items":["#
            + [
                Self.item("a", 1), #"{"fingerprint":{"S":"b"}}"#, #"{"x":{"Q":1}}"#,
                #"{"fingerprint":{"S":"c"},"fingerprint":{"S":"d"}}"#, Self.item("e", 2), "[]",
            ].joined(separator: " , ")
            + #"],"Count":6,"ScannedCount":9,"LastEvaluatedKey":{"PK":{"S":"FP#e"},"SK":{"S":"EVENT#2"}},"Count":99}"#
        let p = try page(reply)
        #expect(p.events.map(\.fingerprint) == ["a", "e"])
        #expect(p.events.map(\.timestamp) == [1, 2])
        #expect(p.malformedItems == 4)
        #expect(p.count == 6)  // the first of a repeated member counts, as in a parsed reply
        #expect(p.scannedCount == 9)
        #expect(p.lastEvaluatedKey == ["PK": .s("FP#e"), "SK": .s("EVENT#2")])
    }

    @Test func anEmptyLastPage() throws {
        let p = try page(#"{"Items":[],"Count":0,"ScannedCount":0}"#)
        #expect(p.events.isEmpty && p.lastEvaluatedKey == nil && p.malformedItems == 0)
    }

    @Test(arguments: [
        (#"{"Items":[{"fingerprint":{"S":"a"]],"Count":1,"ScannedCount":1}"#, "Query reply is not a JSON object"),
        (#"{"Items":[],"Count":0,"ScannedCount":0} x"#, "Query reply is not a JSON object"),
        (#"[]"#, "Query reply is not a JSON object"),
        (#"{"Items":[],"Count":0,"ScannedCount":0,"deep":"# + String(repeating: "[", count: 80) + String(repeating: "]", count: 80) + "}",
         "Query reply is not a JSON object"),
        (#"{"Items":[],"Count":-1,"ScannedCount":0}"#, "Query reply has no valid Count/ScannedCount"),
        (#"{"Items":[],"Count":0,"ScannedCount":1e3}"#, "Query reply has no valid Count/ScannedCount"),
        (#"{"Items":[],"Count":0}"#, "Query reply has no valid Count/ScannedCount"),
        (#"{"Items":[],"Count":0,"ScannedCount":0,"LastEvaluatedKey":{"PK":{"Q":"x"}}}"#, "Query LastEvaluatedKey: attribute PK"),
    ])
    func aBadReplyIsNamed(reply: String, reason: String) {
        #expect {
            try page(reply)
        } throws: { error in
            guard case .badReply(let why)? = error as? DynamoDBError else { return false }
            return why.hasPrefix(reason)
        }
    }
}

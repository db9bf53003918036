import ImpressJSON
import ImpressModel

/// DynamoDB reply bytes through the decoders the store uses: `JSONParser.parse`, then the
/// value as a Query/Scan page (`Items`, `Count`, `LastEvaluatedKey`, read as
/// `DynamoDBClient.readPage` does) and as a single item, each item through `Item(wire:)`,
/// `Event(item:)` and out as a response shows it. Properties checked:
/// - the writer's bytes parse back to the same value;
/// - a decoded item's `wire` form decodes to the same item.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDynamoJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let root = try? JSONParser.parse(bytes: bytes) else { return 0 }
    checkWriterRoundTrip(root)

    _ = root["Count"]?.int64Value
    _ = root["ScannedCount"]?.int64Value
    for raw in root["Items"]?.arrayValue ?? [] { decodeItem(raw) }
    if let key = root["LastEvaluatedKey"] { decodeItem(key) }
    decodeItem(root)
    return 0
}

private func decodeItem(_ json: JSONValue) {
    guard let item = try? Item(wire: json) else { return }
    precondition((try? Item(wire: item.wire)) == item, "an item does not survive its wire form")
    _ = JSONWriter.bytes(item.plain)
    guard let event = try? Event(item: item) else { return }
    _ = JSONWriter.bytes(event.responseJSON)
    _ = (event.visitorKey, event.isProxied)
}

private func checkWriterRoundTrip(_ value: JSONValue) {
    let written = JSONWriter.bytes(value)
    precondition((try? JSONParser.parse(written)) == value, "written JSON does not parse back to the same value")
}

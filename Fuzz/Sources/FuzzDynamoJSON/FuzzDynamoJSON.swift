import DynamoDB
import ImpressJSON
import ImpressModel

/// DynamoDB reply bytes through the decoders the store uses: `EventPage(reply:operation:)`, the
/// one-pass page decoder `DynamoDBStore` reads Query/Scan replies with, and `Event(wire:)`, the
/// one-pass item decoder (the embedded store's lines), checked against the general decoders:
/// `JSONParser.parse`, then the value as a page and as a single item through `Item(wire:)`,
/// `Event(item:)` and out as a response shows it. Properties checked:
/// - the writer's bytes parse back to the same value;
/// - a decoded item's `wire` form decodes to the same item;
/// - the one-pass decoders accept exactly what the general ones accept, with the same result:
///   the same item back, and a page with the same items, counts and key.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDynamoJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let page = try? EventPage(reply: bytes, operation: "Query")
    let fastItem = Result { () throws(ItemDecodingError) in try Event(wire: bytes) }
    guard let root = try? JSONParser.parse(bytes: bytes) else {
        precondition(page == nil, "a page decoded from bytes that are not JSON")
        if case .success = fastItem { preconditionFailure("an item decoded from bytes that are not JSON") }
        return 0
    }
    checkWriterRoundTrip(root)

    let count = root["Count"]?.int64Value
    let scanned = root["ScannedCount"]?.int64Value
    let raws = root["Items"]?.arrayValue ?? []
    // Items refuse repeated names even in a reply that does not.
    let events = raws.map { hasRepeatedNames($0) ? nil : decodeItem($0) }.compactMap { $0 }
    if let page {
        precondition(page.count == count.map(Int.init) && page.scannedCount == scanned.map(Int.init), "page counts differ")
        precondition(page.events.count == events.count && page.malformedItems == raws.count - events.count, "page items differ")
        precondition(zip(page.events, events).allSatisfy { $0.item == $1.item }, "a page's event differs")
    }
    if let key = root["LastEvaluatedKey"] { _ = decodeItem(key) }

    let strict = (try? JSONParser.parse(bytes: bytes, options: .init(rejectDuplicateKeys: true))).flatMap(decodeItem)
    switch fastItem {
    case .success(let event): precondition(event.item == strict?.item, "the one-pass item decoder disagrees")
    case .failure: precondition(strict == nil, "the one-pass item decoder refused an item")
    }
    return 0
}

/// The general decoders' event for a value, with the round-trip checks on the way.
private func decodeItem(_ json: JSONValue) -> Event? {
    guard let item = try? Item(wire: json) else { return nil }
    precondition((try? Item(wire: item.wire)) == item, "an item does not survive its wire form")
    _ = JSONWriter.bytes(item.plain)
    guard let event = try? Event(item: item) else { return nil }
    precondition(event.item == item, "an event does not give its item back")
    _ = JSONWriter.bytes(event.responseJSON)
    _ = (event.visitorKey, event.isProxied)
    return event
}

private func hasRepeatedNames(_ json: JSONValue) -> Bool {
    switch json {
    case .object(let members):
        return Set(members.map(\.key)).count != members.count || members.contains { hasRepeatedNames($0.value) }
    case .array(let elements): return elements.contains(where: hasRepeatedNames)
    default: return false
    }
}

private func checkWriterRoundTrip(_ value: JSONValue) {
    let written = JSONWriter.bytes(value)
    precondition((try? JSONParser.parse(written)) == value, "written JSON does not parse back to the same value")
}

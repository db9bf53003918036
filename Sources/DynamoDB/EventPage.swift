import ImpressJSON
import ImpressModel

/// One page of a `Query` or `Scan` reply read straight into events, in one pass over the
/// reply's bytes (`Event(scanning:depth:)` for each item): no tree of the page is built.
/// Items that are not events are left out and counted in `malformedItems`.
public struct EventPage: Sendable {
    public var events: [Event]
    public var malformedItems: Int
    public var count: Int
    /// Items evaluated before the filter: what `eventsScanned` sums.
    public var scannedCount: Int
    /// Where the next page starts; nil on the last page.
    public var lastEvaluatedKey: Item?

    /// Reads a reply as a parsed one would read: the first of each member counts, a reply
    /// that is not JSON or not an object is a bad reply, and so are invalid counts or key.
    public init(reply: UnsafeBufferPointer<UInt8>, operation: String) throws(DynamoDBError) {
        var reader = EventPageReader(reply: reply)
        do throws(JSONParser.Error) {
            try reader.read()
        } catch {
            throw .badReply("\(operation) reply is not a JSON object")
        }
        if let error = reader.keyError { throw .badReply("\(operation) LastEvaluatedKey: \(error)") }
        // Counts are summed by the store: a negative or absurd one is a bad reply, not arithmetic.
        guard let count = reader.count, let scanned = reader.scannedCount,
            (0...(1 << 40)).contains(count), (0...(1 << 40)).contains(scanned)
        else { throw .badReply("\(operation) reply has no valid Count/ScannedCount") }
        events = reader.events
        malformedItems = reader.malformed
        self.count = Int(clamping: count)
        scannedCount = Int(clamping: scanned)
        lastEvaluatedKey = reader.lastEvaluatedKey
    }
}

/// The walk over a reply's top-level members for `EventPage`.
private struct EventPageReader {
    var scanner: JSONScanner
    var events: [Event] = []
    var malformed = 0
    var count: Int64?
    var scannedCount: Int64?
    var lastEvaluatedKey: Item?
    var keyError: AttributeValueError?
    private var seen: Set<String> = []

    init(reply: UnsafeBufferPointer<UInt8>) { scanner = JSONScanner(bytes: reply) }

    mutating func read() throws(JSONParser.Error) {
        scanner.skipWhitespace()
        guard scanner.peek == UInt8(ascii: "{") else {
            _ = try scanner.value(depth: 0)  // a JSON error, or a reply that is not an object
            throw scanner.fail("not an object")
        }
        if scanner.beginObject() {
            repeat {
                let name = scanner.text(try scanner.memberName())
                guard seen.insert(name).inserted else {
                    _ = try scanner.value(depth: 1)  // a repeated member: the first one counts
                    continue
                }
                switch name {
                case "Items" where scanner.peek == UInt8(ascii: "["): try items()
                case "Count": count = try scanner.value(depth: 1).int64Value
                case "ScannedCount": scannedCount = try scanner.value(depth: 1).int64Value
                case "LastEvaluatedKey":
                    let key = try scanner.value(depth: 1)
                    do throws(AttributeValueError) { lastEvaluatedKey = try Item(wire: key) } catch { keyError = error }
                default: _ = try scanner.value(depth: 1)
                }
            } while try scanner.nextMember()
        }
        try scanner.finish()
    }

    /// Each item of `Items`, two containers deep.
    private mutating func items() throws(JSONParser.Error) {
        guard scanner.beginArray() else { return }
        repeat {
            let start = scanner.index
            let decoded = Result { () throws(ItemDecodingError) in try Event(scanning: &scanner, depth: 2) }
            switch decoded {
            case .success(let event): events.append(event)
            case .failure(.attribute): malformed += 1  // the cursor is after the item
            case .failure(.json):
                // Items refuse duplicate names; the reply as a whole need not: an item that is
                // JSON with a repeated name is malformed, anything else spoils the reply.
                scanner.index = start
                _ = try scanner.value(depth: 2)
                malformed += 1
            }
        } while try scanner.nextElement()
    }
}

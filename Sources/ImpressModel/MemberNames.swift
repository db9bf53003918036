import ImpressJSON

/// The member names of one object read so far, to refuse a repeat (the item rule; RFC 8259 §4
/// leaves repeated names undefined). An item has a handful of names the event does not read:
/// they are compared as bytes, with no String made, until there are many or one is escaped.
struct MemberNames {
    private var spans: [Range<Int>] = []
    private var texts: Set<String>?

    /// False when `name` was read before.
    mutating func insert(_ name: JSONString, of scanner: JSONScanner) -> Bool {
        if texts == nil, !name.escaped, spans.count < 16 {
            let bytes = scanner.slice(name.content)
            guard !spans.contains(where: { scanner.slice($0).hasSameBytes(as: bytes) }) else { return false }
            spans.append(name.content)
            return true
        }
        var set = texts ?? Set(spans.map { String(decoding: scanner.slice($0), as: UTF8.self) })
        let inserted = set.insert(scanner.text(name)).inserted
        texts = set
        return inserted
    }
}

import ImpressModel

/// Store positions gathered by one field's interned id (`Event.Keys`), for building an index
/// without hashing the field's string at every event.
struct PositionsById {
    private var lists: [[Int]] = []

    mutating func append(_ position: Int, at id: Int32) {
        guard id != Event.Keys.absent, let index = Int(exactly: id), index >= 0 else { return }
        if index >= lists.count { lists.append(contentsOf: repeatElement([], count: index + 1 - lists.count)) }
        lists[index].append(position)
    }

    /// The lists by the field's string, read from the event at a list's first position.
    func keyed(by field: (Int) -> String?) -> [String: [Int]] {
        var index: [String: [Int]] = [:]
        for list in lists {
            guard let first = list.first, let key = field(first) else { continue }
            index[key] = list
        }
        return index
    }
}

/// The first `limit` of a stream of candidates in rank order, kept while scanning instead of
/// sorting them all (a window can hold millions of high-risk users or incidents; a body shows
/// 10 or 20). `ranksBefore` must be a total order, so the kept ones are exactly the prefix a
/// full sort would give, whatever order the candidates come in.
struct TopRanked<Element> {
    let limit: Int
    private(set) var elements: [Element] = []

    init(limit: Int) {
        self.limit = limit
        // Never more than `limit` (the last is dropped before one is inserted): allocated once.
        elements.reserveCapacity(limit)
    }

    mutating func offer(_ candidate: Element, ranksBefore: (Element, Element) -> Bool) {
        if elements.count >= limit {
            guard let last = elements.last, ranksBefore(candidate, last) else { return }
            elements.removeLast()
        }
        let index = elements.firstIndex { ranksBefore(candidate, $0) } ?? elements.endIndex
        elements.insert(candidate, at: index)
    }
}

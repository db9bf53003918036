extension Event {
    /// The interned ids of one event's grouping fields, from one `KeyTable`: equal ids mean equal
    /// strings of the same field. `absent` stands for a missing field (and for no signals).
    /// Made only by `KeyTable`, so every id is `absent` or an index the table handed out.
    public struct Keys: Sendable, Equatable {
        public static let absent: Int32 = -1

        public internal(set) var user: Int32
        public internal(set) var fingerprint: Int32
        public internal(set) var domainprint: Int32
        public internal(set) var domain: Int32
        public internal(set) var country: Int32
        public internal(set) var organization: Int32
        /// The event's `signals` list as a whole (as stored, repeats included).
        public internal(set) var signals: Int32
    }

    /// Hands out `Keys`: one id space for the strings of every field (ids are dense from 0), one
    /// for signal lists. Ids only need to be equal for equal values within one table: every
    /// event of one read is keyed by the same table (the store's), or none is.
    public struct KeyTable: Sendable {
        private var strings: [String: Int32] = [:]
        private var signalLists: [[String]: Int32] = [:]

        public init() {}

        public mutating func keys(of event: borrowing Event) -> Keys {
            Keys(
                user: id(event.userId), fingerprint: id(event.fingerprint), domainprint: id(event.domainprint),
                domain: id(event.domain), country: id(event.country), organization: id(event.organizationId),
                signals: signalsId(event.signals))
        }

        private mutating func id(_ value: String?) -> Int32 {
            guard let value else { return Keys.absent }
            // Distinct strings are bounded by memory (an event is hundreds of bytes), far
            // below Int32.max, so the count always fits.
            if let known = strings[value] { return known }
            let next = Int32(truncatingIfNeeded: strings.count)
            strings[value] = next
            return next
        }

        private mutating func signalsId(_ list: [String]) -> Int32 {
            guard !list.isEmpty else { return Keys.absent }
            if let known = signalLists[list] { return known }
            let next = Int32(truncatingIfNeeded: signalLists.count)
            signalLists[list] = next
            return next
        }
    }
}

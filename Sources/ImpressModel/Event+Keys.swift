extension Event {
    /// The interned ids of one event's grouping fields, from one `KeyTable`: equal ids mean equal
    /// strings of the same field. `absent` stands for a missing field (and for no signals).
    /// Made only by `KeyTable`, so every id is `absent` or an index the table handed out.
    public struct Keys: Sendable, Equatable {
        public static let absent: Int32 = -1
        /// The `sortKeyTail` of an `SK` that the tail cannot stand for (see `sortKeyTail`).
        public static let uncodedSortKey = UInt64.max

        public internal(set) var user: Int32
        public internal(set) var fingerprint: Int32
        public internal(set) var domainprint: Int32
        public internal(set) var domain: Int32
        public internal(set) var country: Int32
        public internal(set) var organization: Int32
        /// The event's `signals` list as a whole (as stored, repeats included).
        public internal(set) var signals: Int32
        /// What an impossible-travel incident shows of the event besides its time and country:
        /// `ip`, `city` and the coordinates' stored texts (`latitudeText`, `longitudeText`).
        public internal(set) var ip: Int32
        public internal(set) var city: Int32
        public internal(set) var latitude: Int32
        public internal(set) var longitude: Int32
        /// The event's `SK` among events of the same timestamp, without reading the string (each
        /// `SK` is its own heap block, and touching a million of them dominated the travel
        /// routes): for the usual `EVENT#{timestamp}` followed by at most 8 bytes none of which
        /// is NUL, those bytes big-endian and zero-padded, so two events of one timestamp
        /// compare their tails as their `SK`s compare; `uncodedSortKey` for any other `SK`.
        public internal(set) var sortKeyTail: UInt64

        /// The tail of `sortKey` for an event at `timestamp` (see `sortKeyTail`).
        public static func sortKeyTail(_ sortKey: String, timestamp: Int64) -> UInt64 {
            var bytes = sortKey.utf8.makeIterator()
            for expected in "EVENT#".utf8 where bytes.next() != expected { return uncodedSortKey }
            // The timestamp as `String(timestamp)` writes it: no `+`, no `-0`, no leading zero.
            var next = bytes.next()
            let negative = next == UInt8(ascii: "-")
            if negative { next = bytes.next() }
            var magnitude: UInt64 = 0
            var digits = 0
            while let byte = next, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                if digits == 1 && magnitude == 0 { return uncodedSortKey }
                let (times10, overflow) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, carry) = times10.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
                if overflow || carry { return uncodedSortKey }
                magnitude = sum
                digits += 1
                next = bytes.next()
            }
            guard digits > 0, !(negative && magnitude == 0), negative == (timestamp < 0), magnitude == timestamp.magnitude
            else { return uncodedSortKey }
            var tail: UInt64 = 0
            var length = 0
            while let byte = next {
                guard byte != 0, length < 8 else { return uncodedSortKey }
                tail |= UInt64(byte) << UInt64(56 - 8 * length)
                length += 1
                next = bytes.next()
            }
            return tail
        }

        /// The `SK` a coded tail stands for (`tail` is not `uncodedSortKey`).
        /// Written into a stack buffer and decoded once: the interpolation and the array it
        /// replaced were ~2,200 instructions per key, and an incident shows two.
        public static func sortKey(tail: UInt64, timestamp: Int64) -> String {
            // "EVENT#" 6 + "-" and 19 digits at most + 8 tail bytes = 34.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 34) { buffer in
                var count = 0
                for byte in "EVENT#".utf8 {
                    buffer[count] = byte
                    count += 1
                }
                if timestamp < 0 {
                    buffer[count] = UInt8(ascii: "-")
                    count += 1
                }
                // The digits backwards from the end of the timestamp's room, then moved down.
                let digitsEnd = count + 19
                var start = digitsEnd
                var rest = timestamp.magnitude
                repeat {
                    start -= 1
                    // A remainder below 10 plus 48 fits a UInt8.
                    buffer[start] = UInt8(truncatingIfNeeded: rest % 10) &+ UInt8(ascii: "0")
                    rest /= 10
                } while rest > 0
                for index in start..<digitsEnd {
                    buffer[count] = buffer[index]
                    count += 1
                }
                var tailBytes = tail
                while tailBytes != 0 {
                    buffer[count] = UInt8(truncatingIfNeeded: tailBytes >> 56)
                    count += 1
                    tailBytes <<= 8
                }
                return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
            }
        }
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
                signals: signalsId(event.signals), ip: id(event.ip), city: id(event.city),
                latitude: id(event.latitudeText), longitude: id(event.longitudeText),
                sortKeyTail: Keys.sortKeyTail(event.sortKey, timestamp: event.timestamp))
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

import ImpressModel

extension Array where Element == Event {
    /// Calls `body` with a pointer to each event where it lies. The accumulators read events
    /// through these: an `Event` passed by value into their (large, not inlined) per-event
    /// function is copied whole by the caller, two dozen retains and releases, each a likely
    /// cache miss, which costs more than the analytics themselves.
    func forEachInPlace(_ body: (UnsafePointer<Event>) -> Void) {
        withUnsafeBufferPointer { buffer in
            guard let first = buffer.baseAddress else { return }
            for offset in 0..<buffer.count { body(first + offset) }
        }
    }
}

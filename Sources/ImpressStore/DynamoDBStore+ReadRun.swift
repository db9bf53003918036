import ImpressModel
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

extension DynamoDBStore {
    /// The shared state of one `read` across its parallel page loops: the `maxEvents`
    /// budget, the sum of `ScannedCount`, truncation, the first failure, and the lock that
    /// hands pages to the consumer one at a time (EventStore: "never concurrently").
    ///
    /// Each page claims part of the budget as its `Limit` (a fair share among the loops
    /// still reading) and gives back what it did not scan. A loop that finds the budget
    /// empty while other pages are in flight waits for them to settle, so the read is
    /// truncated only when the scanned items really reached `maxEvents`.
    ///
    /// `deadline` is the whole read's: every page call ends by it, so a loop waiting in
    /// `claim` for pages in flight waits at most until then too.
    final class ReadRun: Sendable {
        private struct State {
            var budget: Int
            var inFlight = 0
            var readers: Int
            var scanned = 0
            var truncated = false
            var failure: StoreError? = nil
        }
        private let state: Mutex<State>
        private let delivery = Mutex(())
        let deadline: ContinuousClock.Instant

        init(maxEvents: Int, readers: Int, deadline: ContinuousClock.Instant) {
            state = Mutex(State(budget: max(0, maxEvents), readers: max(1, readers)))
            self.deadline = deadline
        }

        /// The `Limit` for a loop's next page, at most `wanted`; 0 when the budget is spent
        /// (and the loop must stop) or the read failed.
        func claim(_ wanted: Int) -> Int {
            while true {
                let granted = state.withLock { s -> Int? in
                    guard s.failure == nil else { return 0 }
                    if s.budget > 0 {
                        let share = max(1, (s.budget + s.readers - 1) / s.readers)
                        let granted = min(max(1, wanted), share, s.budget)
                        s.budget -= granted
                        s.inFlight += granted
                        return granted
                    }
                    return s.inFlight == 0 ? 0 : nil
                }
                if let granted { return granted }
                usleep(1_000)  // another page may give budget back; it is settling now
            }
        }

        /// Records a page: its `ScannedCount`, the unused part of its claim back to the
        /// budget, and its events to the consumer under the delivery lock.
        func deliver(_ events: [Event], scanned: Int, claimed: Int, _ consume: ([Event]) -> Void) {
            if !events.isEmpty { delivery.withLock { _ in consume(events) } }
            state.withLock { s in
                s.scanned += scanned
                s.inFlight -= claimed
                s.budget += max(0, claimed - scanned)
            }
        }

        /// A claimed page that never came back (the read is failing).
        func abandon(_ claimed: Int) { state.withLock { $0.inFlight -= claimed } }

        /// A loop ended: at the end of its data (`truncated` false) or of the budget.
        func finish(truncated: Bool) {
            state.withLock { s in
                s.readers = max(1, s.readers - 1)
                if truncated && s.failure == nil { s.truncated = true }
            }
        }

        func fail(_ error: StoreError) {
            state.withLock { s in
                if s.failure == nil { s.failure = error }
            }
        }

        var hasFailed: Bool { state.withLock { $0.failure != nil } }

        func summary() throws(StoreError) -> ReadSummary {
            let s = state.withLock { $0 }
            if let failure = s.failure { throw failure }
            return ReadSummary(eventsScanned: s.scanned, truncated: s.truncated)
        }
    }
}

import ImpressModel
import Synchronization

extension DynamoDBStore {
    /// The shared state of one `read` across its parallel page loops: the `maxEvents`
    /// budget, the sum of `ScannedCount`, truncation, the first failure, and the lock that
    /// hands pages to the consumer one at a time (EventStore: "never concurrently").
    final class ReadRun: Sendable {
        private struct State {
            var budget: Int
            var scanned = 0
            var truncated = false
            var failure: StoreError? = nil
        }
        private let state: Mutex<State>
        private let delivery = Mutex(())

        init(maxEvents: Int) { state = Mutex(State(budget: max(0, maxEvents))) }

        /// Takes up to `wanted` of the budget for the next page's `Limit`; 0 when spent or failed.
        func claim(_ wanted: Int) -> Int {
            state.withLock { s in
                guard s.failure == nil else { return 0 }
                let granted = min(max(1, wanted), s.budget)
                s.budget -= granted
                return granted
            }
        }

        func release(_ claimed: Int) { state.withLock { $0.budget += claimed } }

        /// Records a page: its `ScannedCount`, the unused part of its claim back to the budget,
        /// and its events to the consumer under the delivery lock.
        func deliver(_ events: [Event], scanned: Int, claimed: Int, _ consume: ([Event]) -> Void) {
            state.withLock { s in
                s.scanned += scanned
                s.budget += max(0, claimed - scanned)
            }
            guard !events.isEmpty else { return }
            delivery.withLock { _ in consume(events) }
        }

        /// A read stopped with data left because the budget ran out.
        func markTruncated() {
            state.withLock { s in
                if s.failure == nil { s.truncated = true }
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

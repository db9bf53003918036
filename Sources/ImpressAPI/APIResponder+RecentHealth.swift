import ImpressHTTP
import Synchronization

extension APIResponder {
    /// The last `200` health answer a worker built, reused (by `immediateResponse`, on the I/O
    /// thread) only within the same second of uptime: its body then says what a fresh one would
    /// (`uptime_s` is whole seconds), with store and key-set states at most a second older than
    /// the store's own cached ping (API.md §4). A `503` is never reused (it names the request)
    /// and drops the `200` before it, so a failing store is reported from then on.
    final class RecentHealth: Sendable {
        private let startedAt: Int64
        private let latest = Mutex<(second: Int64, response: HTTPResponse)?>(nil)

        init(startedAt: Int64) {
            self.startedAt = startedAt
        }

        /// `now`: epoch milliseconds, read after the answer was built.
        func remember(_ response: HTTPResponse, at now: Int64) {
            let second = uptimeSecond(now)
            latest.withLock { $0 = response.status == 200 ? (second, response) : nil }
        }

        func response(at now: Int64) -> HTTPResponse? {
            let second = uptimeSecond(now)
            return latest.withLock { latest in
                guard let latest, latest.second == second else { return nil }
                return latest.response
            }
        }

        private func uptimeSecond(_ now: Int64) -> Int64 {
            // Both are epoch milliseconds from the configured clock: no overflow in this century.
            max(0, now - startedAt) / 1000
        }
    }
}

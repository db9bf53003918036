import Synchronization

/// The standard mode's retry quota (token bucket): each retry takes 5 tokens (10 after a
/// timeout), each success returns 1, so a broken service stops being retried by every
/// request at once and load on it drops instead of tripling.
public final class RetryQuota: Sendable {
    private let tokens: Mutex<Int>
    private let capacity: Int

    public init(capacity: Int = 500) {
        self.capacity = capacity
        tokens = Mutex(capacity)
    }

    /// Takes the cost of one retry; false (and nothing taken) when the bucket cannot pay it.
    func acquire(afterTimeout: Bool) -> Bool {
        let cost = afterTimeout ? 10 : 5
        return tokens.withLock { t in
            guard t >= cost else { return false }
            t -= cost
            return true
        }
    }

    func refund() {
        tokens.withLock { t in t = min(capacity, t + 1) }
    }

    /// Tokens left, for metrics and tests.
    public var available: Int { tokens.withLock { $0 } }
}

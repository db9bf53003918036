/// What to do after a failed attempt.
public enum RetryDecision: Sendable, Equatable {
    case retry(afterMs: Int)
    case fail
}

/// The AWS SDKs' "standard" retry mode as a pure function (AWS SDKs and Tools Reference
/// Guide, "Retry behavior"): retry throttling, transient and 5xx errors up to `maxAttempts`
/// attempts, waiting a random share (full jitter) of an exponentially growing delay,
/// capped; an `x-amz-retry-after` hint (milliseconds) replaces the computed delay.
public struct RetryPolicy: Sendable, Equatable {
    public var maxAttempts: Int
    public var baseDelayMs: Int
    public var maxDelayMs: Int

    public init(maxAttempts: Int = 3, baseDelayMs: Int = 100, maxDelayMs: Int = 20_000) {
        self.maxAttempts = maxAttempts
        self.baseDelayMs = baseDelayMs
        self.maxDelayMs = maxDelayMs
    }

    /// Error types worth another attempt: throttling and transient service faults.
    public static let retryableServiceTypes: Set<String> = [
        "ProvisionedThroughputExceededException", "ThrottlingException", "Throttling", "RequestLimitExceeded",
        "TooManyRequestsException", "RequestThrottledException", "InternalServerError", "InternalFailure",
        "ServiceUnavailable", "TransactionInProgressException",
    ]

    /// `attempt` is the 1-based number of the attempt that failed; `jitter` a random value in [0, 1).
    public func decision(for error: DynamoDBError, attempt: Int, retryAfterMs: Int? = nil, jitter: Double) -> RetryDecision {
        guard attempt < maxAttempts, Self.isRetryable(error) else { return .fail }
        if let hint = retryAfterMs, hint >= 0 { return .retry(afterMs: min(hint, maxDelayMs)) }
        let exponent = min(max(attempt - 1, 0), 20)
        let ceiling = min(maxDelayMs, baseDelayMs << exponent)
        return .retry(afterMs: Int(Double(ceiling) * min(max(jitter, 0), 1)))
    }

    public static func isRetryable(_ error: DynamoDBError) -> Bool {
        switch error {
        case .service(let type, _, let status):
            return retryableServiceTypes.contains(type) || (status >= 500 && status != 501)
        case .transport(let transport):
            switch transport {
            case .connectFailed, .timeout, .transport: return true
            case .invalidRequest, .responseTooLarge: return false
            }
        case .checksumMismatch: return true
        case .badReply, .credentials, .deadlineExceeded: return false
        }
    }

    /// Throttling is retried only while the quota lasts, and costs less than a timeout.
    static func isTimeout(_ error: DynamoDBError) -> Bool {
        if case .transport(.timeout) = error { return true }
        return false
    }
}

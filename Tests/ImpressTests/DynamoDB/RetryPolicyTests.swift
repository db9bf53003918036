import DynamoDB
import ImpressHTTPClient
import Testing

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 20_000)

    @Test(arguments: [
        (DynamoDBError.service(type: "ThrottlingException", message: "", status: 400), 1, 1.0, RetryDecision.retry(afterMs: 100)),
        (.service(type: "ProvisionedThroughputExceededException", message: "", status: 400), 2, 0.5, .retry(afterMs: 100)),
        (.service(type: "ThrottlingException", message: "", status: 400), 3, 0.5, .fail),
        (.service(type: "Whatever", message: "", status: 502), 1, 0.0, .retry(afterMs: 0)),
        (.service(type: "ValidationException", message: "", status: 400), 1, 0.5, .fail),
        (.transport(.timeout("t")), 1, 0.5, .retry(afterMs: 50)),
        (.transport(.connectFailed("c")), 1, 0.5, .retry(afterMs: 50)),
        (.transport(.responseTooLarge(limit: 1)), 1, 0.5, .fail),
        (.badReply("x"), 1, 0.5, .fail),
        (.checksumMismatch, 1, 0.5, .retry(afterMs: 50)),
    ])
    func decides(error: DynamoDBError, attempt: Int, jitter: Double, expected: RetryDecision) {
        #expect(policy.decision(for: error, attempt: attempt, jitter: jitter) == expected)
    }

    @Test func capsTheDelay() {
        let long = RetryPolicy(maxAttempts: 30, baseDelayMs: 100, maxDelayMs: 20_000)
        #expect(long.decision(for: .transport(.timeout("")), attempt: 20, jitter: 0.999_999) == .retry(afterMs: 19_999))
        #expect(long.decision(for: .transport(.timeout("")), attempt: 2, retryAfterMs: 90_000, jitter: 0) == .retry(afterMs: 20_000))
    }
}

import DynamoDB

/// One place that turns a DynamoDB failure into the store's three outcomes (API.md §3:
/// 503 unavailable, 504 timeout, 502 upstream). Messages name the error type and, for
/// request errors only, the service's message: an auth error's text can quote signed
/// headers, so it is left out.
extension DynamoDBStore {
    static func storeError(_ error: DynamoDBError) -> StoreError {
        switch error {
        case .service(let type, let message, let status):
            if status == 503 || RetryPolicy.retryableServiceTypes.contains(type) && status < 500 {
                return .unavailable("DynamoDB is unavailable or throttling (\(type))")
            }
            if type == "ValidationException" || type == "ResourceNotFoundException" {
                return .upstream("DynamoDB \(type): \(message)")
            }
            return .upstream("DynamoDB \(type) (HTTP \(status))")
        case .transport(.timeout), .deadlineExceeded:
            return .timeout("DynamoDB did not answer in time")
        case .transport(let transport):
            return .upstream("DynamoDB unreachable: \(transport)")
        case .checksumMismatch, .badReply:
            return .upstream("DynamoDB \(error)")
        case .credentials:
            return .upstream("no usable AWS credentials")
        }
    }
}

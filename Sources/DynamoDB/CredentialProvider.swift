import AWSSigV4

/// A source of credentials (soto's `CredentialProvider`): asked before each signed request,
/// so implementations that fetch must cache.
public protocol CredentialProvider: Sendable {
    func credentials() throws(DynamoDBError) -> AWSCredentials
}

/// Fixed credentials: a test's, or ones a caller already holds.
public struct StaticCredentialProvider: CredentialProvider {
    public let value: AWSCredentials
    public init(_ value: AWSCredentials) { self.value = value }
    public func credentials() throws(DynamoDBError) -> AWSCredentials { value }
}

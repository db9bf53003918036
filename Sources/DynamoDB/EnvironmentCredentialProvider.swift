import AWSSigV4

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and optional `AWS_SESSION_TOKEN` from the
/// environment given (never the process's own, so tests stay pure).
public struct EnvironmentCredentialProvider: CredentialProvider {
    public let environment: [String: String]
    public init(environment: [String: String]) { self.environment = environment }

    /// The credentials, or nil when the environment holds none.
    public var found: AWSCredentials? {
        guard let id = environment["AWS_ACCESS_KEY_ID"], !id.isEmpty,
            let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty
        else { return nil }
        let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        return AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token)
    }

    public func credentials() throws(DynamoDBError) -> AWSCredentials {
        guard let found else { throw .credentials("AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are not set") }
        return found
    }
}

import AWSSigV4
import ImpressHTTPClient
import Synchronization

/// The SDKs' default chain, in their order: environment, shared profile files, container
/// endpoint, EC2 instance metadata. The first source that yields credentials is kept for
/// later calls; the fetching ones are wrapped in `RefreshingCredentialProvider`.
public final class CredentialChain: CredentialProvider {
    private let providers: [any CredentialProvider]
    private let chosen = Mutex<Int?>(nil)

    public init(providers: [any CredentialProvider]) { self.providers = providers }

    /// The default chain for `environment` (never the process's own: tests pass theirs).
    public static func standard(environment: [String: String], http: HTTPClient) -> CredentialChain {
        var providers: [any CredentialProvider] = [
            EnvironmentCredentialProvider(environment: environment), ProfileCredentialProvider(environment: environment),
        ]
        if let container = ContainerCredentialProvider(environment: environment, http: http) {
            providers.append(RefreshingCredentialProvider(container))
        }
        if let instance = InstanceMetadataCredentialProvider(environment: environment, http: http) {
            providers.append(RefreshingCredentialProvider(instance))
        }
        return CredentialChain(providers: providers)
    }

    public func credentials() throws(DynamoDBError) -> AWSCredentials {
        if let index = chosen.withLock({ $0 }), index < providers.count { return try providers[index].credentials() }
        var reasons: [String] = []
        for (index, provider) in providers.enumerated() {
            do throws(DynamoDBError) {
                let found = try provider.credentials()
                chosen.withLock { $0 = index }
                return found
            } catch {
                reasons.append(error.description)
            }
        }
        throw .credentials("no source has credentials (" + reasons.joined(separator: "; ") + ")")
    }
}

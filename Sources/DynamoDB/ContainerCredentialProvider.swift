import AWSSigV4
import ImpressHTTPClient

/// ECS/EKS container credentials (AWS SDKs and Tools Reference Guide, "Container
/// credential provider"): `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` against 169.254.170.2,
/// or `AWS_CONTAINER_CREDENTIALS_FULL_URI` (plain http only to loopback or the ECS/EKS
/// agents), with `AWS_CONTAINER_AUTHORIZATION_TOKEN` as the `Authorization` header.
public struct ContainerCredentialProvider: CredentialProvider {
    public let url: String
    public let authorization: String?
    private let http: HTTPClient

    /// Nil when the environment names no container endpoint (or an unsafe one).
    public init?(environment: [String: String], http: HTTPClient) {
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], relative.hasPrefix("/") {
            url = "http://169.254.170.2" + relative
        } else if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"], Self.isAllowed(full) {
            url = full
        } else {
            return nil
        }
        authorization = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        self.http = http
    }

    public func credentials() throws(DynamoDBError) -> AWSCredentials {
        let request = HTTPClientRequest(
            method: "GET", url: url, headers: authorization.map { [("Authorization", $0)] } ?? [],
            connectTimeoutMs: 1_000, totalTimeoutMs: 2_000, maxResponseBytes: 64 << 10)
        return try FetchedCredentials.decode(FetchedCredentials.send(http, request, source: "container endpoint"), source: "container endpoint")
    }

    static func isAllowed(_ url: String) -> Bool {
        let lower = url.lowercased()
        if lower.hasPrefix("https://") { return true }
        guard lower.hasPrefix("http://") else { return false }
        let authority = lower.dropFirst(7).prefix { $0 != "/" }
        let host = authority.hasPrefix("[") ? String(authority.prefix { $0 != "]" }) + "]" : String(authority.prefix { $0 != ":" })
        return host == "localhost" || host.hasPrefix("127.") || host == "[::1]" || host == "169.254.170.2"
            || host == "169.254.170.23" || host == "[fd00:ec2::23]"
    }
}

import AWSSigV4
import ImpressHTTPClient

/// EC2 instance role credentials over IMDSv2 (EC2 User Guide, "Use IMDSv2"): a session
/// token from `PUT /latest/api/token`, the role name, then the role's credentials.
/// `AWS_EC2_METADATA_DISABLED=true` turns it off; `AWS_EC2_METADATA_SERVICE_ENDPOINT`
/// moves it (tests).
public struct InstanceMetadataCredentialProvider: CredentialProvider {
    public let endpoint: String
    private let http: HTTPClient

    public init?(environment: [String: String], http: HTTPClient) {
        guard environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() != "true" else { return nil }
        var endpoint = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://169.254.169.254"
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        self.endpoint = endpoint
        self.http = http
    }

    public func credentials() throws(DynamoDBError) -> AWSCredentials {
        let source = "instance metadata"
        let tokenReply = try FetchedCredentials.send(
            http,
            request("PUT", "/latest/api/token", [("X-aws-ec2-metadata-token-ttl-seconds", "21600")]), source: source)
        guard tokenReply.status == 200, !tokenReply.body.isEmpty else { throw .credentials("\(source) gave no token (HTTP \(tokenReply.status))") }
        let token = [("X-aws-ec2-metadata-token", String(decoding: tokenReply.body, as: UTF8.self).trimmingSpaces)]
        let path = "/latest/meta-data/iam/security-credentials/"
        let roles = try FetchedCredentials.send(http, request("GET", path, token), source: source)
        let role = String(decoding: roles.body, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r" }).first.map(String.init)
        guard roles.status == 200, let role, !role.isEmpty, !role.contains("/") else { throw .credentials("\(source) names no role") }
        let reply = try FetchedCredentials.send(http, request("GET", path + role, token), source: source)
        return try FetchedCredentials.decode(reply, source: source)
    }

    private func request(_ method: String, _ path: String, _ headers: [(name: String, value: String)]) -> HTTPClientRequest {
        HTTPClientRequest(
            method: method, url: endpoint + path, headers: headers, connectTimeoutMs: 1_000, totalTimeoutMs: 2_000,
            maxResponseBytes: 64 << 10)
    }
}

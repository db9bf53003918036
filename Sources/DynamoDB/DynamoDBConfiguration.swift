/// Where and how the daemon reaches DynamoDB (API.md §5): region, table and endpoint from
/// the environment, with the SDKs' precedence for the endpoint
/// (`AWS_ENDPOINT_URL_DYNAMODB` over `AWS_ENDPOINT_URL` over the regional AWS endpoint).
public struct DynamoDBConfiguration: Sendable, Equatable {
    public var region: String
    public var tableName: String
    /// Scheme, host and optional port, no path: `https://dynamodb.eu-south-2.amazonaws.com`.
    public var endpoint: String
    public var connectTimeoutMs: Int
    /// One HTTP attempt.
    public var requestTimeoutMs: Int
    /// One operation with all its retries: answers (or fails) within this.
    public var operationTimeoutMs: Int
    public var maxAttempts: Int

    public init(
        region: String = "eu-south-2", tableName: String = "fingerprint-events", endpoint: String? = nil,
        connectTimeoutMs: Int = 3_000, requestTimeoutMs: Int = 5_000, operationTimeoutMs: Int = 12_000,
        maxAttempts: Int = 3
    ) {
        self.region = region
        self.tableName = tableName
        self.endpoint = endpoint ?? "https://dynamodb.\(region).amazonaws.com"
        self.connectTimeoutMs = connectTimeoutMs
        self.requestTimeoutMs = requestTimeoutMs
        self.operationTimeoutMs = operationTimeoutMs
        self.maxAttempts = maxAttempts
    }

    public struct Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Reads `AWS_REGION` (default `eu-south-2`), `DYNAMODB_TABLE` (default
    /// `fingerprint-events`), `AWS_ENDPOINT_URL_DYNAMODB` / `AWS_ENDPOINT_URL`.
    public static func fromEnvironment(_ env: [String: String]) throws(Error) -> DynamoDBConfiguration {
        let region = nonEmpty(env["AWS_REGION"]) ?? nonEmpty(env["AWS_DEFAULT_REGION"]) ?? "eu-south-2"
        guard region.utf8.allSatisfy({ isLowerAlnum($0) || $0 == UInt8(ascii: "-") }), region.utf8.count <= 32 else {
            throw Error(description: "AWS_REGION must look like eu-south-2, got \"\(region.prefix(40))\"")
        }
        let table = nonEmpty(env["DYNAMODB_TABLE"]) ?? "fingerprint-events"
        // DynamoDB table names: 3–255 of [A-Za-z0-9_.-].
        guard (3...255).contains(table.utf8.count),
            table.utf8.allSatisfy({ isLowerAlnum($0) || (65...90).contains($0) || $0 == 95 || $0 == 46 || $0 == 45 })
        else { throw Error(description: "DYNAMODB_TABLE must be 3-255 characters of A-Z a-z 0-9 _ . -") }
        var configuration = DynamoDBConfiguration(region: region, tableName: table)
        for name in ["AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL"] {
            guard let url = nonEmpty(env[name]) else { continue }
            configuration.endpoint = try endpoint(url, variable: name)
            break
        }
        return configuration
    }

    /// `http(s)://host[:port]` with an optional trailing slash; anything with a path, a query
    /// or credentials is refused, since requests are signed for `POST /`.
    static func endpoint(_ url: String, variable: String) throws(Error) -> String {
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            throw Error(description: "\(variable) must start with http:// or https://")
        }
        var trimmed = url
        if trimmed.hasSuffix("/") { trimmed.removeLast() }
        let authority = trimmed.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        guard authority.count == 3, !authority[2].isEmpty, !authority[2].contains("@"), !authority[2].contains("?"),
            !authority[2].contains("#")
        else { throw Error(description: "\(variable) must be scheme://host[:port] with no path") }
        return trimmed
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let v = value?.trimmingSpaces, !v.isEmpty else { return nil }
        return v
    }

    private static func isLowerAlnum(_ b: UInt8) -> Bool { (97...122).contains(b) || (48...57).contains(b) }
}

extension String {
    var trimmingSpaces: String {
        let bytes = Array(utf8)
        guard let first = bytes.firstIndex(where: { $0 != 32 && $0 != 9 }),
            let last = bytes.lastIndex(where: { $0 != 32 && $0 != 9 })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}

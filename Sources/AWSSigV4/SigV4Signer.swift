import ImpressCrypto

/// AWS Signature Version 4 for requests signed in the `Authorization` header
/// (AWS General Reference, "Create a signed AWS API request"). Pure: the clock is a
/// parameter and no I/O happens here, so the steps are checked against the published suite.
public struct SigV4Signer: Sendable {
    public var credentials: AWSCredentials
    public var region: String
    public var service: String
    /// Whether to add and sign `x-amz-content-sha256` (S3 needs it; others accept it).
    public var signsContentHash: Bool

    public init(credentials: AWSCredentials, region: String, service: String, signsContentHash: Bool = false) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.signsContentHash = signsContentHash
    }

    /// The request as SigV4 sees it. `path` and `query` are as sent on the wire
    /// (percent-encoded); `headers` are the ones to sign, `Host` among them.
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var query: String
        public var headers: [(name: String, value: String)]
        public var body: [UInt8]
        public init(method: String, path: String, query: String = "", headers: [(name: String, value: String)], body: [UInt8] = []) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
            self.body = body
        }
    }

    /// Signs `request`: returns its headers plus `X-Amz-Date`, `X-Amz-Security-Token` (for
    /// temporary credentials), `X-Amz-Content-Sha256` when chosen, and `Authorization`.
    /// `normalizePath` removes `.`/`..` segments and empty ones (every service but S3).
    public func sign(_ request: Request, date: SigV4Date, normalizePath: Bool = true) -> [(name: String, value: String)] {
        let headers = headersToSign(request, date: date)
        let canonical = canonicalRequest(request, headers: headers, normalizePath: normalizePath)
        let toSign = stringToSign(canonicalRequest: canonical, date: date)
        let auth = authorizationHeader(signature: signature(stringToSign: toSign, date: date), headers: headers, date: date)
        return headers + [("Authorization", auth)]
    }

    /// The request's headers with the ones SigV4 adds before signing.
    public func headersToSign(_ request: Request, date: SigV4Date) -> [(name: String, value: String)] {
        var headers = request.headers
        headers.append(("X-Amz-Date", date.amzDate))
        if let token = credentials.sessionToken { headers.append(("X-Amz-Security-Token", token)) }
        if signsContentHash { headers.append(("X-Amz-Content-Sha256", Digest.sha256(request.body).hexString)) }
        return headers
    }

    /// Task 1: method, canonical URI, canonical query, canonical headers, signed headers,
    /// hex SHA-256 of the payload, joined by newlines.
    public func canonicalRequest(_ request: Request, headers: [(name: String, value: String)], normalizePath: Bool = true) -> String {
        let canonicalHeaders = Self.canonicalHeaders(headers)
        return [
            request.method.uppercased(),
            Self.canonicalURI(request.path, normalize: normalizePath),
            Self.canonicalQuery(request.query),
            canonicalHeaders.map { "\($0.name):\($0.value)\n" }.joined(),
            canonicalHeaders.map(\.name).joined(separator: ";"),
            Digest.sha256(request.body).hexString,
        ].joined(separator: "\n")
    }

    /// Task 2: algorithm, timestamp, credential scope, hash of the canonical request.
    public func stringToSign(canonicalRequest: String, date: SigV4Date) -> String {
        ["AWS4-HMAC-SHA256", date.amzDate, credentialScope(date), Digest.sha256(Array(canonicalRequest.utf8)).hexString]
            .joined(separator: "\n")
    }

    /// Task 3: the key derived from the secret through date, region, service and `aws4_request`.
    public func signingKey(date: SigV4Date) -> [UInt8] {
        let kDate = Digest.hmacSHA256(key: Array(("AWS4" + credentials.secretAccessKey).utf8), data: Array(date.dateStamp.utf8))
        let kRegion = Digest.hmacSHA256(key: kDate, data: Array(region.utf8))
        let kService = Digest.hmacSHA256(key: kRegion, data: Array(service.utf8))
        return Digest.hmacSHA256(key: kService, data: Array("aws4_request".utf8))
    }

    /// Task 4: hex HMAC of the string to sign with the signing key.
    public func signature(stringToSign: String, date: SigV4Date) -> String {
        Digest.hmacSHA256(key: signingKey(date: date), data: Array(stringToSign.utf8)).hexString
    }

    /// Task 5: the `Authorization` header value.
    public func authorizationHeader(signature: String, headers: [(name: String, value: String)], date: SigV4Date) -> String {
        let signed = Self.canonicalHeaders(headers).map(\.name).joined(separator: ";")
        return "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(credentialScope(date)), "
            + "SignedHeaders=\(signed), Signature=\(signature)"
    }

    private func credentialScope(_ date: SigV4Date) -> String { "\(date.dateStamp)/\(region)/\(service)/aws4_request" }
}
